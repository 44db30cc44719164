using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>A student of a host university walks up to a booth and takes the next place in its line.</summary>
public sealed class JoinLine(JobFairDb db, TimeProvider time) : IUseCase
{
    /// <summary>The new entry: its place (1 = next to be called) and the wait it may expect.</summary>
    public sealed record Joined(Guid Id, Guid FairId, Guid EmployerId, string Status, int Position, int Ahead, int EtaMinutes,
        int EtaMinutesLow, int EtaMinutesHigh, DateTimeOffset JoinedAt);

    public const int MaxLines = 3;

    public static readonly Refusal AlreadyQueued = Refusal.Conflict("already_queued", "You are already waiting in this line.");
    public static readonly Refusal TooManyQueues =
        Refusal.Conflict("too_many_queues", $"You may wait in at most {MaxLines} lines at once; leave one first.");
    public static readonly Refusal BoothClosed = Refusal.Conflict("booth_closed", "This booth is not taking walk-ups now.");
    /// <summary>Its problem also carries <c>waiting</c> (and <c>cap</c>).</summary>
    public static readonly Refusal QueueFull = Refusal.Conflict("queue_full", "This booth's line is full.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/fairs/{fairId:guid}/booths/{employerId:guid}/queue",
                (Guid fairId, Guid employerId, CurrentUser caller, JoinLine join, CancellationToken ct) =>
                    join.RunAsync(caller, fairId, employerId, ct).ToCreated(_ => $"/api/fairs/{fairId}/booths/{employerId}/queue"))
            .RequireAuthorization(Policies.Student)
            .Idempotent()
            .Refuses(StudentCaller.NotStudent, FairAccess.NotFound, BoothAccess.NotFound, FairAccess.Closed, BoothAccess.NotHostStudent,
                AlreadyQueued, TooManyQueues, BoothClosed, QueueFull)
            .WithSummary("A student of a host university joins a booth's line (first come, first served; at most 3 lines at once). " +
                         "Refusals in this order: already_queued, too_many_queues, booth_closed, queue_full (with waiting).");

    public async Task<Outcome<Joined>> RunAsync(CurrentUser caller, Guid fairId, Guid employerId, CancellationToken ct)
    {
        if (caller.Id is not { } userId) return StudentCaller.NotStudent;
        var student = await db.Students.AsNoTracking().Where(s => s.UserId == userId)
            .Select(s => new { s.Id, s.UniversityId }).SingleOrDefaultAsync(ct);
        if (student is null) return StudentCaller.NotStudent;
        var found = await BoothAccess.FindAsync(db, caller, fairId, employerId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        if (!found.Value.FairOpen(time.GetUtcNow())) return FairAccess.Closed;
        if (!found.Value.Fair.IsHostedBy(student.UniversityId)) return BoothAccess.NotHostStudent;

        // Two joins of one student at two booths may pick the same free slot; the unique index lets
        // one win and the other tries again with what is left (at most once per line the student holds).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.RetryAsync(() => TryJoinAsync(fairId, employerId, student.Id, ct));
            }
            catch (DbUpdateException e) when (attempt <= MaxLines && e.IsUniqueViolation(QueueEntryConfiguration.ThreeLinesPerStudent))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<Outcome<Joined>> TryJoinAsync(Guid fairId, Guid employerId, Guid studentId, CancellationToken ct)
    {
        // The student's own lines are read before the booth is locked (the lock is the line's bottleneck);
        // a racing join of theirs is settled by the unique indexes at insert.
        var held = await db.BoothQueueEntries.AsNoTracking()
            .Where(e => e.StudentId == studentId && e.Status == EntryStatus.Waiting)
            .Select(e => new { e.FairId, e.EmployerId, e.HolderSlot }).ToListAsync(ct);
        if (held.Any(h => h.FairId == fairId && h.EmployerId == employerId)) return AlreadyQueued;
        var slot = Enumerable.Range(1, MaxLines).Select(s => (short)s).Where(s => held.All(h => h.HolderSlot != s)).DefaultIfEmpty().First();
        if (slot == 0) return TooManyQueues;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Joiners of one booth take turns on its row: each gets the next ticket, and the cap is counted exactly.
        var booth = await BoothAccess.LockAsync(db, fairId, employerId, ct);
        if (booth is not { Status: BoothStatus.Open }) return BoothClosed;
        var waiting = await QueueLine.Waiting(db, fairId, employerId).CountAsync(ct);
        if (waiting >= booth.Cap)
            return QueueFull.Saying($"This booth's line is full: {waiting} are waiting (at most {booth.Cap}).")
                .With("waiting", waiting).With("cap", booth.Cap);

        var now = time.GetUtcNow();
        booth.LastTicket++;
        var entry = new QueueEntry
        {
            FairId = fairId, EmployerId = employerId, StudentId = studentId, Ticket = booth.LastTicket, HolderSlot = slot, JoinedAt = now,
        };
        db.BoothQueueEntries.Add(entry);
        db.Publish(new BoothLineMoved(fairId, employerId, entry.Ticket), time);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation(QueueEntryConfiguration.OneWaitingPerBooth))
        {
            // The same student's two joins at this booth raced. Nothing of this attempt may be saved
            // later by whatever else shares the scope (a page, a hub method).
            db.ChangeTracker.Clear();
            return AlreadyQueued;
        }
        await tx.CommitAsync(ct);
        var eta = (await BoothPace.LoadAsync(db, fairId, employerId, booth.MinutesPerTalk, now, ct)).For(waiting);
        return new Joined(entry.Id, fairId, employerId, entry.Status, waiting + 1, waiting, eta.Minutes, eta.Low, eta.High, now);
    }
}
