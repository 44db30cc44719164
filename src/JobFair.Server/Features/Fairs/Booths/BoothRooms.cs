namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>
/// Walk-up talks as rooms, for the interview room (issue 14): a called entry's id is its room's id
/// (<c>/rooms/{entryId}</c>). The room asks <see cref="FindAsync"/> who the two sides are and when
/// the room is open, and reports joins and leaves (<see cref="RecordJoinAsync"/>,
/// <see cref="RecordLeaveAsync"/>), which start and end the talk the booth's figures and wait
/// estimate learn from.
/// </summary>
public static class BoothRooms
{
    /// <summary>A talk's room stays open at most this long after the call, unless the talk ends sooner.</summary>
    public static readonly TimeSpan LongestTalk = TimeSpan.FromHours(1);

    public static readonly Refusal NotCalled = Refusal.Conflict("not_called", "This student has not been called, or the call has ended.");
    public static readonly Refusal CallExpired =
        Refusal.Conflict("call_expired", "The call went unanswered for 60 seconds; join the line again to be called.");

    /// <summary>
    /// A called queue entry as a room: its two sides (the student's user, the calling recruiter's
    /// user), when it opens (the call) and closes (the talk's end; before the student came, the end
    /// of their 60 seconds; otherwise <see cref="LongestTalk"/> after the call).
    /// </summary>
    public sealed record Talk(Guid RoomId, Guid FairId, Guid EmployerId, string EmployerName, Guid StudentId, Guid StudentUserId,
        string StudentName, Guid RecruiterUserId, string Status, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, DateTimeOffset? EnteredAt,
        DateTimeOffset? EndedAt);

    /// <summary>The talk whose room this is, or null when the id is no called queue entry.</summary>
    public static async Task<Talk?> FindAsync(JobFairDb db, Guid roomId, CancellationToken ct)
    {
        var row = await (from e in db.BoothQueueEntries
                         where e.Id == roomId && e.CalledAt != null && e.CalledBy != null
                         join s in db.Students on e.StudentId equals s.Id
                         join employer in db.Employers on e.EmployerId equals employer.Id
                         select new
                         {
                             e.Id, e.FairId, e.EmployerId, Employer = employer.Name, e.StudentId, s.UserId, Student = s.Name, e.CalledBy, e.Status,
                             e.CalledAt, e.CallExpiresAt, e.EnteredAt, End = e.TalkEndedAt ?? e.EndedAt,
                         }).AsNoTracking().SingleOrDefaultAsync(ct);
        if (row?.UserId is not { } studentUser) return null;
        var closes = row.End ?? (row.EnteredAt is null ? row.CallExpiresAt!.Value : row.CalledAt!.Value + LongestTalk);
        return new Talk(row.Id, row.FairId, row.EmployerId, row.Employer, row.StudentId, studentUser, row.Student, row.CalledBy!.Value, row.Status,
            row.CalledAt!.Value, closes, row.EnteredAt, row.End);
    }

    /// <summary>
    /// The room reports that <paramref name="userId"/> came in. The student coming in within their
    /// 60 seconds answers the call and starts the talk (a second report changes nothing); the
    /// recruiter's own join records nothing. Refused: <see cref="NotCalled"/>, <see cref="CallExpired"/>.
    /// </summary>
    public static Task<Refusal?> RecordJoinAsync(JobFairDb db, TimeProvider time, Guid roomId, Guid userId, CancellationToken ct) =>
        InTransactionAsync<Refusal?>(db, async () =>
        {
            var now = time.GetUtcNow();
            var entered = await db.BoothQueueEntries.FromSql($"""
                UPDATE booth_queue_entries AS e SET entered_at = {now}
                FROM students AS s
                WHERE e.id = {roomId} AND s.id = e.student_id AND s.user_id = {userId}
                  AND e.status = {EntryStatus.Called} AND e.entered_at IS NULL AND e.call_expires_at > {now}
                RETURNING e.*
                """).AsNoTracking().ToListAsync(ct);
            if (entered is [var entry])
            {
                // The recruiters' view of the line shows who came in.
                db.Publish(new BoothLineMoved(entry.FairId, entry.EmployerId, BoothLineMoved.NoPlaces), time);
                return null;
            }
            var talk = await FindAsync(db, roomId, ct);
            if (talk is null) return NotCalled;
            if (talk.RecruiterUserId == userId) return null;
            if (talk.StudentUserId != userId) return NotCalled;
            if (talk.Status == EntryStatus.Called && talk.EnteredAt is not null) return null;
            return talk.Status == EntryStatus.Called || talk.Status == EntryStatus.Skipped && talk.EnteredAt is null ? CallExpired : NotCalled;
        }, ct);

    /// <summary>
    /// The room reports that <paramref name="userId"/> left. Once the student has come in, either side
    /// leaving ends the talk: the entry is served, and its length feeds the booth's estimate.
    /// </summary>
    public static Task RecordLeaveAsync(JobFairDb db, TimeProvider time, Guid roomId, Guid userId, CancellationToken ct) =>
        InTransactionAsync<Refusal?>(db, async () =>
        {
            var now = time.GetUtcNow();
            var ended = await db.BoothQueueEntries.FromSql($"""
                UPDATE booth_queue_entries AS e SET status = {EntryStatus.Served}, talk_ended_at = {now}, ended_at = {now}
                FROM students AS s
                WHERE e.id = {roomId} AND s.id = e.student_id AND (s.user_id = {userId} OR e.called_by = {userId})
                  AND e.status = {EntryStatus.Called} AND e.entered_at IS NOT NULL
                RETURNING e.*
                """).AsNoTracking().ToListAsync(ct);
            foreach (var entry in ended) db.Publish(new BoothLineMoved(entry.FairId, entry.EmployerId, 0), time);
            return null;
        }, ct);

    /// <summary>
    /// Ends the talks in progress that this recruiter called at this booth (they press "next": the talk is over).
    /// 'called' is in the text, not a parameter: a plan made once still reads the index of a recruiter's calls (0014).
    /// </summary>
    internal static Task<int> EndTalksOfAsync(JobFairDb db, Guid fairId, Guid employerId, Guid recruiterId, DateTimeOffset now,
        CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE booth_queue_entries SET status = {EntryStatus.Served}, talk_ended_at = {now}, ended_at = {now}
            WHERE called_by = {recruiterId} AND status = 'called' AND entered_at IS NOT NULL
              AND fair_id = {fairId} AND employer_id = {employerId}
            """, ct);

    /// <summary>The room's reports come from the room's own code: in its transaction if it has one, else in one of their own.</summary>
    private static async Task<T> InTransactionAsync<T>(JobFairDb db, Func<Task<T>> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            var inner = await work();
            await db.SaveChangesAsync(ct);
            return inner;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await work();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }
}
