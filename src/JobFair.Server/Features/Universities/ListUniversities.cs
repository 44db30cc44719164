namespace JobFair.Server.Features.Universities;

/// <summary>Anyone looks up universities, Hubei's first, by name.</summary>
public sealed class ListUniversities(JobFairDb db, IValidator<ListUniversities.Query> validator) : IUseCase
{
    public sealed record Query(string? Q, bool? Hubei, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).MaximumLength(100);
            PagingRules.Add(this, q => q.Paging);
        }
    }

    public sealed record Item(Guid Id, string Name, string Province, string City, bool IsHubei);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/universities", ([AsParameters] Query query, ListUniversities list, CancellationToken ct) => list.RunAsync(query, ct).ToOk())
            .AllowAnonymous()
            .Refuses(Refusal.Invalid("q", "at most 100 characters"))
            .WithSummary("Universities, Hubei first; filter by name (q) and by hubei=true/false.");

    public async Task<Outcome<Page<Item>>> RunAsync(Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        var universities = db.Universities.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var pattern = Like.Containing(query.Q);
            universities = universities.Where(u => EF.Functions.ILike(u.Name, pattern));
        }
        if (query.Hubei is { } hubei)
            universities = universities.Where(u => u.IsHubei == hubei);
        var paging = query.Paging;
        var items = await universities
            .OrderByDescending(u => u.IsHubei).ThenBy(u => u.Name).ThenBy(u => u.Id)
            .Skip(paging.Skip).Take(paging.Size)
            .Select(u => new Item(u.Id, u.Name, u.Province, u.City, u.IsHubei))
            .ToListAsync(ct);
        return new Page<Item>(items, await universities.CountAsync(ct));
    }
}
