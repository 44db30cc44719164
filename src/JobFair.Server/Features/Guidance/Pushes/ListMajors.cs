namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>
/// Anyone looks majors up in the Ministry's catalogues, by name, category or code: recruiters
/// naming the majors a position asks for use the catalogue's names, which is what pushes match on.
/// </summary>
public sealed class ListMajors(JobFairDb db, IValidator<ListMajors.Query> validator) : IUseCase
{
    public sealed record Query(string? Q, string? Level, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).MaximumLength(50);
            RuleFor(q => q.Level).Must(l => l is null or MajorLevels.Undergraduate or MajorLevels.Vocational)
                .WithMessage("level must be undergraduate or vocational");
            PagingRules.Add(this, q => q.Paging);
        }
    }

    public sealed record Item(string Level, string Code, string Name, string DisciplineCode, string Discipline, string CategoryCode,
        string Category);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/majors", ([AsParameters] Query query, ListMajors list, CancellationToken ct) => list.RunAsync(query, ct).ToOk())
            .AllowAnonymous()
            .Refuses(Refusal.Invalid("level", "level must be undergraduate or vocational"))
            .WithSummary("The Ministry's catalogues of majors (本科 undergraduate, 高职专科 vocational); q finds a name, category or code.");

    public async Task<Outcome<Page<Item>>> RunAsync(Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        var majors = db.Majors.AsNoTracking();
        if (query.Level is { } level) majors = majors.Where(m => m.Level == level);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var pattern = Like.Containing(query.Q);
            majors = majors.Where(m => EF.Functions.ILike(m.Name, pattern) || EF.Functions.ILike(m.Category, pattern) ||
                                       EF.Functions.ILike(m.Code, pattern));
        }
        var paging = query.Paging;
        var items = await majors.OrderBy(m => m.Level == MajorLevels.Vocational).ThenBy(m => m.Code).Skip(paging.Skip).Take(paging.Size)
            .Select(m => new Item(m.Level, m.Code, m.Name, m.DisciplineCode, m.Discipline, m.CategoryCode, m.Category))
            .ToListAsync(ct);
        return new Page<Item>(items, await majors.CountAsync(ct));
    }
}
