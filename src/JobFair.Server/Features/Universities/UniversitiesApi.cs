namespace JobFair.Server.Features.Universities;

internal static class UniversitiesApi
{
    public static void MapUniversities(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/universities", ListUniversities)
            .WithTags("Universities").Validate<UniversityQuery>()
            .WithSummary("Universities, Hubei first; filter by name (q) and by hubei=true/false.");
        app.MapGet("/api/pairs", ListPairs)
            .WithTags("Universities").Validate<PairQuery>()
            .WithSummary("The 一帮一 pairs, by batch and official sequence; filter by batch or university.");
    }

    public sealed record UniversityQuery(string? Q, bool? Hubei, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    public sealed record PairQuery(int? Batch, Guid? UniversityId, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    public sealed record UniversityItem(Guid Id, string Name, string Province, string City, bool IsHubei);
    public sealed record UniversityRef(Guid Id, string Name);
    public sealed record PairItem(Guid Id, int Batch, int? Seq, UniversityRef Supported, UniversityRef Supporting, string? ReportedActivity);

    internal sealed class UniversityQueryValidator : AbstractValidator<UniversityQuery>
    {
        public UniversityQueryValidator()
        {
            RuleFor(q => q.Q).MaximumLength(100);
            PagingRules.Add(this, q => q.Paging);
        }
    }

    internal sealed class PairQueryValidator : AbstractValidator<PairQuery>
    {
        public PairQueryValidator()
        {
            RuleFor(q => q.Batch).InclusiveBetween(1, 100);
            PagingRules.Add(this, q => q.Paging);
        }
    }

    private static async Task<Page<UniversityItem>> ListUniversities([AsParameters] UniversityQuery query, JobFairDb db, CancellationToken ct)
    {
        var universities = db.Universities.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Q))
            universities = universities.Where(u => EF.Functions.ILike(u.Name, "%" + EscapeLike(query.Q.Trim()) + "%"));
        if (query.Hubei is { } hubei)
            universities = universities.Where(u => u.IsHubei == hubei);
        var paging = query.Paging;
        var items = await universities
            .OrderByDescending(u => u.IsHubei).ThenBy(u => u.Name).ThenBy(u => u.Id)
            .Skip(paging.Skip).Take(paging.Size)
            .Select(u => new UniversityItem(u.Id, u.Name, u.Province, u.City, u.IsHubei))
            .ToListAsync(ct);
        return new Page<UniversityItem>(items, await universities.CountAsync(ct));
    }

    private static async Task<Page<PairItem>> ListPairs([AsParameters] PairQuery query, JobFairDb db, CancellationToken ct)
    {
        var pairs = db.Pairs.AsNoTracking();
        if (query.Batch is { } batch) pairs = pairs.Where(p => p.Batch == batch);
        if (query.UniversityId is { } id) pairs = pairs.Where(p => p.SupportedId == id || p.SupportingId == id);
        var paging = query.Paging;
        var items = await pairs
            .OrderBy(p => p.Batch).ThenBy(p => p.Seq == null).ThenBy(p => p.Seq).ThenBy(p => p.Supported.Name)
            .Skip(paging.Skip).Take(paging.Size)
            .Select(p => new PairItem(p.Id, p.Batch, p.Seq,
                new UniversityRef(p.SupportedId, p.Supported.Name),
                new UniversityRef(p.SupportingId, p.Supporting.Name),
                p.ReportedActivity))
            .ToListAsync(ct);
        return new Page<PairItem>(items, await pairs.CountAsync(ct));
    }

    /// <summary>Treats %, _ and \ in a user's search text literally.</summary>
    internal static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
