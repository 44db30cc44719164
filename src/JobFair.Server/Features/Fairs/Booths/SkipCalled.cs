using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>Where an entry stands after a recruiter acted on it.</summary>
public sealed record EntryOutcome(Guid EntryId, string Status, string? Reason);

/// <summary>
/// A recruiter skips a called student who did not come (the clock does the same after 60 seconds:
/// <see cref="CallExpiry"/>). The student is told and may join the line again.
/// </summary>
public sealed class SkipCalled(JobFairDb db, TimeProvider time) : IUseCase
{
    public static readonly Refusal StudentCame = Refusal.Conflict("student_came", "This student came into the room; their talk is under way.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/fairs/{fairId:guid}/booths/{employerId:guid}/queue/{entryId:guid}/skip",
                (Guid fairId, Guid employerId, Guid entryId, CurrentUser caller, SkipCalled skip, CancellationToken ct) =>
                    skip.RunAsync(caller, fairId, employerId, entryId, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(RecruiterCaller.NotRecruiter, FairAccess.NotFound, BoothAccess.NotFound, BoothAccess.NotOwnBooth, BoothAccess.EntryNotFound,
                BoothRooms.NotCalled, StudentCame)
            .WithSummary("Skip a called student who did not come into the room; they are told and may join again. Skipping twice answers the same.");

    public async Task<Outcome<EntryOutcome>> RunAsync(CurrentUser caller, Guid fairId, Guid employerId, Guid entryId, CancellationToken ct)
    {
        var found = await BoothAccess.FindForRecruiterAsync(db, caller, fairId, employerId, ct);
        if (found.IsRefused(out var refusal)) return refusal;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var skipped = await db.BoothQueueEntries.FromSql($"""
            UPDATE booth_queue_entries SET status = {EntryStatus.Skipped}, reason = {EndReason.Skipped}, ended_at = {now}
            WHERE id = {entryId} AND fair_id = {fairId} AND employer_id = {employerId}
              AND status = {EntryStatus.Called} AND entered_at IS NULL
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);
        if (skipped is [var entry])
        {
            await QueueNotices.EndedAsync(db, time, skipped, ct);
            // The recruiters' view drops the call (as when the clock skips: CallExpiry).
            db.Publish(new BoothLineMoved(fairId, employerId, BoothLineMoved.NoPlaces), time);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new EntryOutcome(entry.Id, entry.Status, entry.Reason);
        }
        var current = await db.BoothQueueEntries.AsNoTracking()
            .Where(e => e.Id == entryId && e.FairId == fairId && e.EmployerId == employerId)
            .Select(e => new { e.Status, e.Reason, e.EnteredAt }).SingleOrDefaultAsync(ct);
        return current switch
        {
            null => BoothAccess.EntryNotFound,
            { Status: EntryStatus.Skipped } => new EntryOutcome(entryId, current.Status, current.Reason),
            { Status: EntryStatus.Called } => StudentCame,
            _ => BoothRooms.NotCalled,
        };
    }
}
