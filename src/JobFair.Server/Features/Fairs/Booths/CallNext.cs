using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>
/// A recruiter calls the first waiting student into a room with them. Several recruiters of the
/// employer serve one line in parallel: each takes the first entry nobody else is taking
/// (<c>FOR UPDATE SKIP LOCKED</c>), so two pressing "next" at once call two different students,
/// whichever node they are on. Calling next also ends the recruiter's talk in progress.
/// </summary>
public sealed class CallNext(JobFairDb db, TimeProvider time) : IUseCase
{
    /// <summary>The called entry; <c>roomUrl</c> is the room both sides enter, open until <c>expiresAt</c> for the student to come.</summary>
    public sealed record Called(Guid EntryId, QueueStudent Student, string RoomUrl, DateTimeOffset CalledAt, DateTimeOffset ExpiresAt);

    public static readonly Refusal QueueEmpty = Refusal.Conflict("queue_empty", "Nobody is waiting in this line.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/fairs/{fairId:guid}/booths/{employerId:guid}/queue/next",
                (Guid fairId, Guid employerId, CurrentUser caller, CallNext next, CancellationToken ct) =>
                    next.RunAsync(caller, fairId, employerId, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Idempotent()
            .Refuses(RecruiterCaller.NotRecruiter, FairAccess.NotFound, BoothAccess.NotFound, BoothAccess.NotOwnBooth, FairAccess.Closed,
                QueueEmpty)
            .WithSummary("Call the first waiting student into a room with the caller (ends the caller's talk in progress); " +
                         "the student has 60 seconds to come in. Idempotency-Key honoured: a retried press calls nobody new.");

    public async Task<Outcome<Called>> RunAsync(CurrentUser caller, Guid fairId, Guid employerId, CancellationToken ct)
    {
        var found = await BoothAccess.FindForRecruiterAsync(db, caller, fairId, employerId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var now = time.GetUtcNow();
        if (!found.Value.FairOpen(now)) return FairAccess.Closed;
        var recruiterId = caller.Id!.Value;

        return await db.RetryAsync<Outcome<Called>>(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var talksEnded = await BoothRooms.EndTalksOfAsync(db, fairId, employerId, recruiterId, now, ct);
            // The first that waits, from the waiting line's index (0028; 'waiting' in the text so that any plan uses it).
            var entry = await db.BoothQueueEntries.FromSql($"""
                SELECT * FROM booth_queue_entries
                WHERE fair_id = {fairId} AND employer_id = {employerId} AND status = 'waiting'
                ORDER BY ticket LIMIT 1
                FOR UPDATE SKIP LOCKED
                """).SingleOrDefaultAsync(ct);
            if (entry is null)
            {
                if (talksEnded > 0) db.Publish(new BoothLineMoved(fairId, employerId, 0), time); // a finished talk moves the estimate
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return QueueEmpty;
            }
            entry.Status = EntryStatus.Called;
            entry.CalledAt = now;
            entry.CalledBy = recruiterId;
            entry.CallExpiresAt = now + QueueLine.CallTimeout;
            await QueueNotices.CalledAsync(db, time, entry, ct);
            db.Publish(new BoothLineMoved(fairId, employerId, talksEnded > 0 ? 0 : entry.Ticket), time);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            var student = await (from s in db.Students
                                 where s.Id == entry.StudentId
                                 join u in db.Universities on s.UniversityId equals u.Id
                                 select new QueueStudent(s.Id, s.Name, u.Name, s.Major, s.Degree)).SingleAsync(ct);
            return new Called(entry.Id, student, BoothAccess.RoomUrl(entry.Id), now, entry.CallExpiresAt.Value);
        });
    }
}
