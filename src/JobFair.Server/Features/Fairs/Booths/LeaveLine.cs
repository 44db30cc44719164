using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>
/// A student leaves a booth's line, or turns down a call they have not answered yet. Everyone
/// behind moves up; the student is told (a notification, as for every way out of a line).
/// Leaving when not in line changes nothing and answers the same.
/// </summary>
public sealed class LeaveLine(JobFairDb db, TimeProvider time) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/fairs/{fairId:guid}/booths/{employerId:guid}/queue",
                (Guid fairId, Guid employerId, CurrentUser caller, LeaveLine leave, CancellationToken ct) =>
                    leave.RunAsync(caller, fairId, employerId, ct).ToNoContent())
            .RequireAuthorization(Policies.Student)
            .Refuses(StudentCaller.NotStudent, FairAccess.NotFound, BoothAccess.NotFound)
            .WithSummary("The student leaves the booth's line (or declines a call not yet answered); 204 also when not in line.");

    public async Task<Refusal?> RunAsync(CurrentUser caller, Guid fairId, Guid employerId, CancellationToken ct)
    {
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
        var found = await BoothAccess.FindAsync(db, caller, fairId, employerId, ct);
        if (found.IsRefused(out var refusal)) return refusal;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        // Conditional: whatever a recruiter or the clock did to the entry meanwhile, it ends once.
        var left = await db.BoothQueueEntries.FromSql($"""
            UPDATE booth_queue_entries SET status = {EntryStatus.Departed}, reason = {EndReason.Left}, ended_at = {now}
            WHERE fair_id = {fairId} AND employer_id = {employerId} AND student_id = {studentId}
              AND (status = {EntryStatus.Waiting} OR (status = {EntryStatus.Called} AND entered_at IS NULL))
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);
        if (left.Count == 0) return null;
        await QueueNotices.EndedAsync(db, time, left, ct);
        db.Publish(new BoothLineMoved(fairId, employerId, left.Min(e => e.Ticket)), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }
}
