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

    public async Task<NationalStats> RunAsync(CancellationToken ct) =>
        Of((await PairFigures.CountAsync(db, null, ct)).Select(p => (p.Batch, p.Activities, p.Figures)));

    /// <summary>The national figures from every pair's (a pair "with fairs" has a published or closed one).</summary>
    public static NationalStats Of(IEnumerable<(int Batch, Activities Activities, Figures Figures)> pairs)
    {
        var byBatch = pairs.GroupBy(p => p.Batch).OrderBy(b => b.Key)
            .Select(b => new BatchStats(b.Key, b.Count(), b.Count(p => p.Figures.Fairs > 0),
                PairFigures.Sum(b.Select(p => p.Activities)), PairFigures.Sum(b.Select(p => p.Figures))))
            .ToList();
        return new NationalStats(byBatch.Sum(b => b.Pairs), byBatch.Sum(b => b.PairsWithFairs),
            PairFigures.Sum(byBatch.Select(b => b.Activities)), PairFigures.Sum(byBatch.Select(b => b.Figures)), byBatch);
    }
}
