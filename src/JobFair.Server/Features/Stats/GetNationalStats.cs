using JobFair.Server.Features.Fairs;

namespace JobFair.Server.Features.Stats;

/// <summary>Anyone reads the figures across all pairs (一帮一), in total and by batch.</summary>
public sealed class GetNationalStats(JobFairDb db) : IUseCase
{
    public sealed record BatchStats(int Batch, int Pairs, int PairsWithFairs, Activities Activities, Figures Figures);

    public sealed record NationalStats(int Pairs, int PairsWithFairs, Activities Activities, Figures Figures, IReadOnlyList<BatchStats> ByBatch);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/stats/national", async (GetNationalStats get, CancellationToken ct) => TypedResults.Ok(await get.RunAsync(ct)))
            .AllowAnonymous()
            .WithSummary("Figures across all pairs (一帮一), in total and by batch: pairs, fairs, meetings, employers, postings, " +
                         "openings, resume deliveries, interviews and signings.");

    public async Task<NationalStats> RunAsync(CancellationToken ct)
    {
        var batches = await FiguresByBatch.CountAsync(db, null, ct);
        var pairs = await db.Pairs.GroupBy(p => p.Batch)
            .Select(g => new { Batch = g.Key, Pairs = g.Count(), WithFairs = g.Count(p => db.Fairs.Any(f => f.PairId == p.Id && f.Status != FairStatus.Draft)) })
            .ToDictionaryAsync(x => x.Batch, ct);
        var byBatch = batches.Select(b => new BatchStats(b.Batch, pairs[b.Batch].Pairs, pairs[b.Batch].WithFairs, b.Activities, b.Figures))
            .OrderBy(b => b.Batch).ToList();
        return new NationalStats(byBatch.Sum(b => b.Pairs), byBatch.Sum(b => b.PairsWithFairs),
            FiguresByBatch.Sum(byBatch.Select(b => b.Activities)), FiguresByBatch.Sum(byBatch.Select(b => b.Figures)), byBatch);
    }
}
