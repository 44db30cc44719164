namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>A student in a line as the employer's recruiters see them.</summary>
public sealed record QueueStudent(Guid Id, string Name, string University, string Major, string Degree);

/// <summary>
/// The line of a booth, read and changed the same way by every use case. A place is never stored:
/// it is the count of waiting tickets up to one's own, so called, skipped and departed entries stop
/// counting the moment they change, and no two waiting entries can share a place (tickets are unique).
/// </summary>
internal static class QueueLine
{
    /// <summary>A called student has this long to come into the room (<see cref="CallExpiry"/> skips them after).</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    public static IQueryable<QueueEntry> Waiting(JobFairDb db, Guid fairId, Guid employerId) =>
        db.BoothQueueEntries.Where(e => e.FairId == fairId && e.EmployerId == employerId && e.Status == EntryStatus.Waiting);

    /// <summary>The 1-based place of a waiting ticket.</summary>
    public static Task<int> PlaceAsync(JobFairDb db, Guid fairId, Guid employerId, long ticket, CancellationToken ct) =>
        Waiting(db, fairId, employerId).CountAsync(e => e.Ticket <= ticket, ct);

    /// <summary>
    /// Sends everyone waiting at these booths away for <paramref name="reason"/> (the booth closed, the
    /// fair ended): one conditional update, each student told why. The caller publishes the lines' change.
    /// </summary>
    public static async Task<int> DepartAllAsync(JobFairDb db, TimeProvider time, Guid fairId, Guid[] employerIds, string reason,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var ended = await db.BoothQueueEntries.FromSql($"""
            UPDATE booth_queue_entries SET status = {EntryStatus.Departed}, reason = {reason}, ended_at = {now}
            WHERE fair_id = {fairId} AND employer_id = ANY({employerIds}) AND status = 'waiting'
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);
        await QueueNotices.EndedAsync(db, time, ended, ct);
        return ended.Count;
    }

    /// <summary>A waiting student's place as the live bridge sends it.</summary>
    public sealed record Place(Guid EntryId, Guid UserId, long Ticket, int Position, Eta Eta);

    /// <summary>The line as one statement saw it (<see cref="AsOf"/>: that statement's time, so clients can drop older news).</summary>
    public sealed record Snapshot(BoothResponse Booth, IReadOnlyList<Place> Places, DateTimeOffset AsOf);

    private sealed record WaitingRow(DateTimeOffset AsOf, Guid? EntryId, Guid? UserId, long? Ticket);

    /// <summary>Everyone waiting at the booth with their place and estimate, and the booth itself, as of now.</summary>
    public static async Task<Snapshot> ReadAsync(JobFairDb db, Guid fairId, Guid employerId, DateTimeOffset now, CancellationToken ct)
    {
        // One statement, so that the places and AsOf describe the same moment; the outer join
        // gives that moment even when nobody waits. 'waiting' in the text: the waiting line's index (0028) in any plan.
        var rows = await db.Database.SqlQuery<WaitingRow>($"""
            SELECT statement_timestamp() AS "AsOf", w.id AS "EntryId", w.user_id AS "UserId", w.ticket AS "Ticket"
            FROM (SELECT 1) AS one
            LEFT JOIN (
                SELECT e.id, s.user_id, e.ticket
                FROM booth_queue_entries e JOIN students s ON s.id = e.student_id
                WHERE e.fair_id = {fairId} AND e.employer_id = {employerId} AND e.status = 'waiting'
            ) AS w ON true
            ORDER BY w.ticket
            """).ToListAsync(ct);
        var waiting = rows.Where(r => r.EntryId is not null).ToList();
        var booth = await db.Booths.AsNoTracking().Where(b => b.FairId == fairId && b.EmployerId == employerId)
            .Select(b => new { b.Status, b.Cap, b.MinutesPerTalk }).SingleOrDefaultAsync(ct);
        var name = await db.Employers.Where(e => e.Id == employerId).Select(e => e.Name).SingleAsync(ct);
        var minutesPerTalk = booth?.MinutesPerTalk ?? BoothResponses.DefaultMinutesPerTalk;
        var pace = await BoothPace.LoadAsync(db, fairId, employerId, minutesPerTalk, now, ct);
        var places = waiting
            .Select((r, i) => new Place(r.EntryId!.Value, r.UserId ?? Guid.Empty, r.Ticket!.Value, i + 1, pace.For(i)))
            .Where(p => p.UserId != Guid.Empty)
            .ToList();
        var response = BoothResponses.From(fairId, employerId, name, booth?.Status ?? BoothStatus.Closed, booth?.Cap ?? BoothResponses.DefaultCap,
            minutesPerTalk, waiting.Count, pace);
        return new Snapshot(response, places, rows[0].AsOf);
    }
}
