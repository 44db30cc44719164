using JobFair.Server.Features.Universities;

namespace JobFair.Server.Features.Stats;

/// <summary>Anyone reads a pair's figures: its published fairs added up, and its recorded joint activities.</summary>
public sealed class GetPairStats(JobFairDb db) : IUseCase
{
    public sealed record PairStats(Guid PairId, int Batch, int? Seq, string Supported, string Supporting, Activities Activities,
        Figures Figures);

    public static readonly Refusal NotFound = Refusal.NotFound("pair");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/pairs/{id:guid}/stats", (Guid id, GetPairStats get, CancellationToken ct) => get.RunAsync(id, ct).ToOk())
            .AllowAnonymous()
            .Refuses(NotFound)
            .WithSummary("A pair's figures: its published fairs added up, and its recorded joint activities.");

    public async Task<Outcome<PairStats>> RunAsync(Guid pairId, CancellationToken ct)
    {
        var pair = await db.Pairs.AsNoTracking().Where(p => p.Id == pairId)
            .Select(p => new { p.Batch, p.Seq, Supported = p.Supported.Name, Supporting = p.Supporting.Name }).SingleOrDefaultAsync(ct);
        if (pair is null) return NotFound;
        var (_, _, activities, figures) = (await PairFigures.CountAsync(db, pairId, ct)).Single();
        return new PairStats(pairId, pair.Batch, pair.Seq, pair.Supported, pair.Supporting, activities, figures);
    }

    /// <summary>Every pair's figures, in the order of the pair list (batch, then number): three queries however many pairs.</summary>
    public async Task<IReadOnlyList<PairStats>> RunForAllAsync(CancellationToken ct)
    {
        var pairs = await db.Pairs.AsNoTracking().InListOrder()
            .Select(p => new { p.Id, p.Batch, p.Seq, Supported = p.Supported.Name, Supporting = p.Supporting.Name }).ToListAsync(ct);
        var counted = (await PairFigures.CountAsync(db, null, ct)).ToDictionary(c => c.PairId);
        return [.. pairs.Select(p => new PairStats(p.Id, p.Batch, p.Seq, p.Supported, p.Supporting, counted[p.Id].Activities, counted[p.Id].Figures))];
    }
}
