using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>A booth as the queue's use cases find it: its fair, its employer, and its row if a recruiter has set it.</summary>
public sealed record BoothTarget(Fair Fair, Guid EmployerId, string EmployerName, Booth? Booth)
{
    /// <summary>Whether the fair is running: published and not past its end.</summary>
    public bool FairOpen(DateTimeOffset now) => FairStatus.Effective(Fair.Status, Fair.EndsAt, now) == FairStatus.Published;
}

/// <summary>
/// Who may do what at a booth, in the order every queue route checks it: the fair must be visible
/// to the caller (404), the employer approved in it (a booth exists: 404 otherwise), and for the
/// recruiters' routes the booth must be their own employer's (403: booths are public, lines are not).
/// </summary>
public static class BoothAccess
{
    public static readonly Refusal NotFound = Refusal.NotFound("booth in this fair");
    public static readonly Refusal EntryNotFound = Refusal.NotFound("queue entry at this booth");
    public static readonly Refusal NotOwnBooth = Refusal.Forbidden("not_own_booth", "Only this employer's recruiters may run its booth.");
    public static readonly Refusal NotHostStudent =
        Refusal.Forbidden("not_host_student", "Only students of this fair's two host universities may queue at its booths.");

    /// <summary>The link a called student follows: the interview room, whose id is the entry's.</summary>
    public static string RoomUrl(Guid entryId) => $"/rooms/{entryId}";

    /// <summary>The booth if the caller may know it: a visible fair and an employer approved in it.</summary>
    public static async Task<Outcome<BoothTarget>> FindAsync(JobFairDb db, CurrentUser caller, Guid fairId, Guid employerId, CancellationToken ct)
    {
        var fair = await db.FindVisibleAsync(fairId, caller, ct);
        if (fair is null) return FairAccess.NotFound;
        var employer = await db.Participations.AsNoTracking()
            .Where(p => p.FairId == fairId && p.EmployerId == employerId && p.Status == ParticipationStatus.Approved)
            .Select(p => p.Employer.Name).SingleOrDefaultAsync(ct);
        if (employer is null) return NotFound;
        var booth = await db.Booths.AsNoTracking().SingleOrDefaultAsync(b => b.FairId == fairId && b.EmployerId == employerId, ct);
        return new BoothTarget(fair, employerId, employer, booth);
    }

    /// <summary>The booth for one of its own recruiters: 403 for anyone else who may see it.</summary>
    public static async Task<Outcome<BoothTarget>> FindForRecruiterAsync(JobFairDb db, CurrentUser caller, Guid fairId, Guid employerId,
        CancellationToken ct)
    {
        if (await caller.EmployerAsync(ct) is not { } own) return RecruiterCaller.NotRecruiter;
        var found = await FindAsync(db, caller, fairId, employerId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        return own == employerId ? found : NotOwnBooth;
    }

    /// <summary>Locks the booth's row until the transaction ends (joins, and changes of its settings, take turns on it).</summary>
    public static Task<Booth?> LockAsync(JobFairDb db, Guid fairId, Guid employerId, CancellationToken ct) =>
        db.Booths.FromSql($"SELECT * FROM booths WHERE fair_id = {fairId} AND employer_id = {employerId} FOR UPDATE")
            .SingleOrDefaultAsync(ct);
}
