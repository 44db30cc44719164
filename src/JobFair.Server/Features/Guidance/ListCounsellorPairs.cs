using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance;

/// <summary>The centres of a pair (and the admin) list its counsellor pairs.</summary>
public sealed class ListCounsellorPairs(JobFairDb db, IValidator<PageQuery> validator) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/pairs/{id:guid}/counsellor-pairs", (Guid id, [AsParameters] PageQuery query, CurrentUser caller, ListCounsellorPairs list,
                CancellationToken ct) => list.RunAsync(caller, id, query, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(Refusal.Invalid("pageSize", "between 1 and 100"), PairSides.NotFound, PairSides.NotPairMember)
            .WithSummary("A pair's counsellor pairs, oldest first (centres of either side; admin).");

    public async Task<Outcome<Page<CounsellorPairResponse>>> RunAsync(CurrentUser caller, Guid pairId, PageQuery query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        var found = await db.FindForCentreAsync(caller, pairId, admin: true, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var pairs = db.CounsellorPairs.AsNoTracking().Where(p => p.PairId == pairId);
        var paging = query.Paging;
        var page = await pairs.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return new Page<CounsellorPairResponse>(await CounsellorPairResponse.LoadAsync(db, page, ct), await pairs.CountAsync(ct));
    }
}
