using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance;

/// <summary>A graduate's counsellor marks an action of their plan done.</summary>
public sealed class CompletePlanAction(JobFairDb db, TimeProvider time) : IUseCase
{
    public static readonly Refusal AlreadyDone = Refusal.Conflict("already_done", "This action is already done.");
    public static readonly Refusal NoSuchAction = Refusal.NotFound("action in this plan");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/students/{id:guid}/plan/actions/{actionId:guid}/done", (Guid id, Guid actionId, CurrentUser caller,
                CompletePlanAction complete, CancellationToken ct) => complete.RunAsync(caller, id, actionId, ct).ToOk())
            .RequireAuthorization(Policies.Counsellor)
            .Refuses(LedgerAccess.NotFound, NoSuchAction, LedgerAccess.PartnerOnlyAdvises, LedgerAccess.NotOwnCounsellor, AlreadyDone)
            .WithSummary("A graduate's counsellor marks an action of their plan done. Audited.");

    public async Task<Outcome<PlanEntryResponse>> RunAsync(CurrentUser caller, Guid studentId, Guid actionId, CancellationToken ct)
    {
        var found = await db.FindAsync(caller, studentId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var (student, reader) = found.Value;
        if (reader.MayWrite(PlanEntryKinds.Action) is { } notHers) return notHers;

        var now = time.GetUtcNow();
        var action = db.PlanEntries.Where(e => e.Id == actionId && e.StudentId == student.Id && e.Kind == PlanEntryKinds.Action);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Conditional on still being open, so two counsellors ticking it at once record one completion.
        var done = await action.Where(e => e.DoneAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.DoneAt, now).SetProperty(e => e.DoneBy, reader.Counsellor!.Id), ct);
        if (done == 0) return await action.AnyAsync(ct) ? AlreadyDone : NoSuchAction;
        db.AuditLedger(time, reader, "plan_action_done", student.Id, $"action {actionId}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await PlanEntryResponse.LoadAsync(db, action, ct)).Single();
    }
}
