using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Fairs;

namespace JobFair.Server.Features.Positions;

/// <summary>One line of a fair's position list.</summary>
public sealed record PositionListItem(Guid Id, string Title, EmployerRef Employer, string City, string Degree, int Openings,
    IReadOnlyList<string> Majors, int SalaryMin, int SalaryMax, DateTimeOffset? ClosesAt, DateTimeOffset SharedAt);

/// <summary>
/// Anyone who may see a fair searches its open postings: by Chinese and English keywords, best
/// matches first, or without keywords the most recently shared first; filtered by major, city,
/// degree and employer.
/// </summary>
public sealed class SearchFairPositions(JobFairDb db, TimeProvider time, IValidator<SearchFairPositions.Query> validator) : IUseCase
{
    public sealed record Query(string? Q, string? Major, string? City, string? Degree, Guid? EmployerId, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).MaximumLength(100);
            RuleFor(q => q.Major).MaximumLength(50);
            RuleFor(q => q.City).MaximumLength(50);
            RuleFor(q => q.Degree).Must(d => d is null || Degrees.All.Contains(d))
                .WithMessage("degree must be associate, bachelor, master or doctor");
            PagingRules.Add(this, q => q.Paging);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/fairs/{id:guid}/positions", (Guid id, [AsParameters] Query query, CurrentUser caller, SearchFairPositions search, CancellationToken ct) =>
                search.RunAsync(caller, id, query, ct).ToOk())
            .AllowAnonymous()
            .Refuses(Refusal.Invalid("degree", "degree must be associate, bachelor, master or doctor"), FairAccess.NotFound)
            .WithSummary("Open positions shared into a fair. q finds Chinese (two or more characters) and English keywords " +
                         "in title, description, employer and majors, best matches first; filters by major, city, degree, employer.");

    public async Task<Outcome<Page<PositionListItem>>> RunAsync(CurrentUser caller, Guid fairId, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (!await db.IsVisibleAsync(fairId, caller, ct)) return FairAccess.NotFound;
        var now = time.GetUtcNow();
        return string.IsNullOrWhiteSpace(query.Q)
            ? await NewestAsync(fairId, query, now, ct)
            : await BestMatchesAsync(fairId, query.Q, query, now, ct);
    }

    private static IQueryable<Position> Filtered(IQueryable<Position> positions, Query query, DateTimeOffset now)
    {
        positions = positions.Where(p => p.Status == PositionStatus.Open && (p.ClosesAt == null || p.ClosesAt > now));
        if (!string.IsNullOrWhiteSpace(query.Major)) positions = positions.Where(p => p.Majors.Contains(query.Major.Trim()));
        if (!string.IsNullOrWhiteSpace(query.City)) positions = positions.Where(p => p.City == query.City.Trim());
        if (query.Degree is { } degree) positions = positions.Where(p => p.Degree == degree);
        if (query.EmployerId is { } employerId) positions = positions.Where(p => p.EmployerId == employerId);
        return positions;
    }

    private static bool Unfiltered(Query query) =>
        string.IsNullOrWhiteSpace(query.Major) && string.IsNullOrWhiteSpace(query.City) && query.Degree is null && query.EmployerId is null;

    /// <summary>
    /// Without keywords: the fair's postings, most recently shared first. The page reads the fair's
    /// shares in index order and stops after its rows; the total of the whole list (every page of the
    /// fair page shows it) is counted from the fair's search entries, whose <see cref="SearchEntry.OpenUntil"/>
    /// holds the same rule (open, before its closing date, not a suspended employer's) in an index
    /// (0025): the count of 16,774 open shares in the 18,000-posting fair read every share and its posting
    /// (docs/performance.md, pages). With a filter the list and its count join the postings.
    /// </summary>
    private async Task<Page<PositionListItem>> NewestAsync(Guid fairId, Query query, DateTimeOffset now, CancellationToken ct)
    {
        var paging = query.Paging;
        var shared = db.PositionFairs.Where(pf => pf.FairId == fairId)
            .Join(Filtered(db.Positions.Listed(db), query, now), pf => pf.PositionId, p => p.Id, (pf, p) => new { p, pf.SharedAt });
        var items = await shared.OrderByDescending(x => x.SharedAt).ThenBy(x => x.p.Id).Skip(paging.Skip).Take(paging.Size)
            .Select(x => new PositionListItem(x.p.Id, x.p.Title, new EmployerRef(x.p.EmployerId, x.p.EmployerName), x.p.City,
                x.p.Degree, x.p.Openings, x.p.Majors, x.p.SalaryMin, x.p.SalaryMax, x.p.ClosesAt, x.SharedAt))
            .ToListAsync(ct);
        var total = Unfiltered(query)
            ? await db.SearchEntries.CountAsync(e => e.FairId == fairId && e.OpenUntil > now, ct)
            : await shared.CountAsync(ct);
        return new Page<PositionListItem>(items, total);
    }

    /// <summary>A row of the keyword search; property names are the SQL column aliases.</summary>
    private sealed record Match(Guid Id, string Title, Guid EmployerId, string EmployerName, string City, string Degree, int Openings,
        string[] Majors, int SalaryMin, int SalaryMax, DateTimeOffset? ClosesAt, DateTimeOffset SharedAt, int Total);

    /// <summary>
    /// With keywords, best matches first: every keyword in the title, then in title and employer
    /// name, then anywhere; within each, most recently shared first. One GIN lookup in the fair's
    /// partition of search_entries finds the entries with every keyword, the fair's token and the
    /// filters' tokens; the hits are ranked and counted in one pass (no ts_rank: it cost a
    /// microsecond a hit, and a frequent word has thousands); only the page's postings are read from
    /// positions. jf_fair_search_page (0027) runs it planned for these words and this fair on every
    /// search, while the connection's other statements keep the plans they made once.
    /// </summary>
    private async Task<Page<PositionListItem>> BestMatchesAsync(Guid fairId, string keywords, Query query, DateTimeOffset now,
        CancellationToken ct)
    {
        var paging = query.Paging;
        var rows = await SearchPage(fairId, keywords, query, now, paging.Size, paging.Skip).ToListAsync(ct);
        // Past the last page there are no rows to carry the total: the first row carries it.
        var total = rows.Count > 0 ? rows[0].Total
            : paging.Skip == 0 ? 0
            : await SearchPage(fairId, keywords, query, now, 1, 0).Select(m => m.Total).FirstOrDefaultAsync(ct);
        return new Page<PositionListItem>(rows.Select(m => new PositionListItem(m.Id, m.Title, new EmployerRef(m.EmployerId, m.EmployerName),
            m.City, m.Degree, m.Openings, m.Majors, m.SalaryMin, m.SalaryMax, m.ClosesAt, m.SharedAt)).ToList(), total);
    }

    private IQueryable<Match> SearchPage(Guid fairId, string keywords, Query query, DateTimeOffset now, int size, int skip)
    {
        var major = Trimmed(query.Major) is { } m ? new[] { m } : null;
        return db.Database.SqlQuery<Match>($"""
            SELECT position_id AS "Id", title AS "Title", employer_id AS "EmployerId", employer_name AS "EmployerName",
                   city AS "City", degree AS "Degree", openings AS "Openings", majors AS "Majors",
                   salary_min AS "SalaryMin", salary_max AS "SalaryMax", closes_at AS "ClosesAt",
                   shared_at AS "SharedAt", total AS "Total"
            FROM jf_fair_search_page({keywords}, {fairId}, {now}, {Trimmed(query.City)}::text, {query.Degree}::text,
                                     {query.EmployerId}::uuid, {major}::text[], {size}, {skip})
            ORDER BY tier DESC, shared_at DESC, position_id
            """);
    }

    private static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
