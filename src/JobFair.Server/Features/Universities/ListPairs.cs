namespace JobFair.Server.Features.Universities;

/// <summary>Anyone reads the official 一帮一 pairs, in batch and sequence order.</summary>
public sealed class ListPairs(JobFairDb db, IValidator<ListPairs.Query> validator) : IUseCase
{
    public sealed record Query(int? Batch, Guid? UniversityId, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Batch).InclusiveBetween(1, 100);
            PagingRules.Add(this, q => q.Paging);
        }
    }

    public sealed record UniversityRef(Guid Id, string Name);
    public sealed record Item(Guid Id, int Batch, int? Seq, UniversityRef Supported, UniversityRef Supporting, string? ReportedActivity);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/pairs", ([AsParameters] Query query, ListPairs list, CancellationToken ct) => list.RunAsync(query, ct).ToOk())
            .AllowAnonymous()
            .Refuses(Refusal.Invalid("batch", "between 1 and 100"))
            .WithSummary("The 一帮一 pairs, by batch and official sequence; filter by batch or university.");

    public async Task<Outcome<Page<Item>>> RunAsync(Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        var pairs = db.Pairs.AsNoTracking();
        if (query.Batch is { } batch) pairs = pairs.Where(p => p.Batch == batch);
        if (query.UniversityId is { } id) pairs = pairs.Where(p => p.SupportedId == id || p.SupportingId == id);
        var paging = query.Paging;
        var items = await pairs
            .InListOrder()
            .Skip(paging.Skip).Take(paging.Size)
            .Select(p => new Item(p.Id, p.Batch, p.Seq,
                new UniversityRef(p.SupportedId, p.Supported.Name),
                new UniversityRef(p.SupportingId, p.Supporting.Name),
                p.ReportedActivity))
            .ToListAsync(ct);
        return new Page<Item>(items, await pairs.CountAsync(ct));
    }
}

public static class PairOrder
{
    /// <summary>The pair list's order: by batch, then by official number; the first batch has no numbers, so its pairs go by name.</summary>
    public static IOrderedQueryable<Pair> InListOrder(this IQueryable<Pair> pairs) =>
        pairs.OrderBy(p => p.Batch).ThenBy(p => p.Seq == null).ThenBy(p => p.Seq).ThenBy(p => p.Supported.Name);
}
