using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>
/// A recruiter marks a called student's talk as over (the room reports the same when a side
/// leaves, and "next" ends the recruiter's talk in progress). The talk's length, when the student
/// had come into the room, teaches the booth's wait estimate.
/// </summary>
public sealed class FinishTalk(JobFairDb db, TimeProvider time) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/fairs/{fairId:guid}/booths/{employerId:guid}/queue/{entryId:guid}/done",
                (Guid fairId, Guid employerId, Guid entryId, CurrentUser caller, FinishTalk finish, CancellationToken ct) =>
                    finish.RunAsync(caller, fairId, employerId, entryId, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(RecruiterCaller.NotRecruiter, FairAccess.NotFound, BoothAccess.NotFound, BoothAccess.NotOwnBooth,
                BoothAccess.EntryNotFound, BoothRooms.NotCalled)
            .WithSummary("The talk with a called student is over (status served). Finishing twice answers the same.");

    public async Task<Outcome<EntryOutcome>> RunAsync(CurrentUser caller, Guid fairId, Guid employerId, Guid entryId,
        CancellationToken ct)
    {
        var found = await BoothAccess.FindForRecruiterAsync(db, caller, fairId, employerId, ct);
        if (found.IsRefused(out var refusal)) return refusal;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var finished = await db.Database.ExecuteSqlAsync($"""
            UPDATE booth_queue_entries SET status = {EntryStatus.Served}, talk_ended_at = {now}, ended_at = {now}
            WHERE id = {entryId} AND fair_id = {fairId} AND employer_id = {employerId} AND status = {EntryStatus.Called}
            """, ct);
        if (finished == 1)
        {
            db.Publish(new BoothLineMoved(fairId, employerId, 0), time); // one more talk to learn the pace from
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new EntryOutcome(entryId, EntryStatus.Served, null);
        }
        var current = await db.BoothQueueEntries.AsNoTracking()
            .Where(e => e.Id == entryId && e.FairId == fairId && e.EmployerId == employerId)
            .Select(e => new { e.Status, e.Reason }).SingleOrDefaultAsync(ct);
        return current switch
        {
            null => BoothAccess.EntryNotFound,
            { Status: EntryStatus.Served } => new EntryOutcome(entryId, current.Status, current.Reason),
            _ => BoothRooms.NotCalled,
        };
    }
}
