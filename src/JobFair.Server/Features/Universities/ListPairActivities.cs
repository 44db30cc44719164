namespace JobFair.Server.Features.Universities;

/// <summary>Anyone reads a pair's recorded joint work, most recent first.</summary>
public sealed class ListPairActivities(JobFairDb db, IValidator<PageQuery> validator) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/pairs/{id:guid}/activities", (Guid id, [AsParameters] PageQuery query, ListPairActivities list, CancellationToken ct) =>
                list.RunAsync(id, query, ct).ToOk())
            .AllowAnonymous()
            .Refuses(Refusal.Invalid("pageSize", "between 1 and 100"), Refusal.NotFound("pair"))
            .WithSummary("A pair's recorded joint work, most recent first.");

    public async Task<Outcome<Page<PairActivityResponse>>> RunAsync(Guid pairId, PageQuery query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (!await db.Pairs.AnyAsync(p => p.Id == pairId, ct)) return Refusal.NotFound("pair");
        var activities = db.PairActivities.AsNoTracking().Where(a => a.PairId == pairId);
        var paging = query.Paging;
        var items = await activities.OrderByDescending(a => a.HeldAt).ThenBy(a => a.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return new Page<PairActivityResponse>(items.Select(PairActivityResponse.From).ToList(), await activities.CountAsync(ct));
    }
}
