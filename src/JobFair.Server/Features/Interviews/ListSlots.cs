using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews;

/// <summary>A position's slots, for its employer's recruiters and the students invited to interview for it.</summary>
public sealed class ListSlots(JobFairDb db, TimeProvider time) : IUseCase
{
    public sealed record Query(bool? Available);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/positions/{id:guid}/slots", (Guid id, [AsParameters] Query query, CurrentUser caller, ListSlots list, CancellationToken ct) =>
                list.RunAsync(caller, id, query, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(Refusal.Invalid("available", "true or false"), SlotAccess.NoPosition, SlotAccess.NotOwnPosition, SlotAccess.NotInvited)
            .WithSummary("All of a position's interview slots in time order (not paged: at most 1,000). available=true: " +
                         "only those not yet started with a free seat. For its recruiters and invited students (403 not_invited).");

    public async Task<Outcome<Page<SlotResponse>>> RunAsync(CurrentUser caller, Guid positionId, Query query, CancellationToken ct)
    {
        if (await SlotAccess.RefusalAsync(db, caller, positionId, ct) is { } refusal) return refusal;
        var now = time.GetUtcNow();
        var slots = db.InterviewSlots.AsNoTracking().Where(s => s.PositionId == positionId);
        if (query.Available == true) slots = slots.Where(s => s.Booked < s.Capacity && s.StartsAt > now);
        var zone = await caller.ZoneAsync(ct);
        var items = (await slots.OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct)).Select(s => SlotResponse.From(s, zone)).ToList();
        return new Page<SlotResponse>(items, items.Count);
    }
}
