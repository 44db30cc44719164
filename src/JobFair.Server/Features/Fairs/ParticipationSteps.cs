namespace JobFair.Server.Features.Fairs;

public sealed record ParticipationDecided(Guid FairId, Guid EmployerId, string Status) : IDomainEvent;

public sealed record ParticipationResponse(Guid FairId, Guid EmployerId, string Status, string? Message, string? Reason,
    DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt);

/// <summary>
/// The steps of an employer's participation in a fair. Employers join by asking (a host vets
/// them) or by accepting a host's direct invitation (定向邀请). Each step is a conditional write on
/// the one (fair, employer) row, so racing requests and decisions cannot both take effect.
/// </summary>
internal static class ParticipationSteps
{
    /// <summary>
    /// Inserts the (fair, employer) row with this status, or turns an earlier rejection into it;
    /// any other existing row stays as it is. Returns 0 when nothing changed.
    /// </summary>
    public static Task<int> OpenAsync(JobFairDb db, Guid fairId, Guid employerId, string status, string? message,
        DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO participations (fair_id, employer_id, status, message, requested_at)
            VALUES ({fairId}, {employerId}, {status}, {message}, {now})
            ON CONFLICT (fair_id, employer_id) DO UPDATE
              SET status = excluded.status, message = excluded.message, requested_at = excluded.requested_at,
                  reason = NULL, decided_at = NULL, decided_by = NULL
              WHERE participations.status = {ParticipationStatus.Rejected}
            """, ct);

    /// <summary>Moves the row from <paramref name="from"/> to <paramref name="to"/>, or refuses with <paramref name="notFrom"/> when it is no longer there.</summary>
    public static async Task<Outcome<ParticipationResponse>> DecideAsync(JobFairDb db, Guid fairId, Guid employerId,
        string from, string to, string? reason, Guid by, TimeProvider time, Refusal notFrom, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Participations
            .Where(p => p.FairId == fairId && p.EmployerId == employerId && p.Status == from)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, to).SetProperty(p => p.Reason, reason)
                .SetProperty(p => p.DecidedAt, now).SetProperty(p => p.DecidedBy, by), ct);
        if (changed == 0) return notFrom;
        db.Publish(new ParticipationDecided(fairId, employerId, to), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await LoadAsync(db, fairId, employerId, ct);
    }

    public static Task<ParticipationResponse> LoadAsync(JobFairDb db, Guid fairId, Guid employerId, CancellationToken ct) =>
        db.Participations.AsNoTracking().Where(p => p.FairId == fairId && p.EmployerId == employerId)
            .Select(p => new ParticipationResponse(p.FairId, p.EmployerId, p.Status, p.Message, p.Reason, p.RequestedAt, p.DecidedAt))
            .SingleAsync(ct);
}
