using System.Runtime.CompilerServices;
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
    /// The hits of a keyword search: one GIN lookup in the fair's partition of search_entries finds
    /// the entries with every keyword, the fair's token and the filters' tokens; the rows say
    /// whether each is still listed. Arguments: {0} keywords, {1} fair, {2} now, {3} city, {4} degree,
    /// {5} employer, {6} majors.
    /// </summary>
    private const string Hits = """
        FROM search_entries e
        WHERE e.fair_id = {1} AND e.open_until > {2}
          AND e.search_vector @@ jf_entry_query({0}, {1}, jf_filter_tokens({3}::text, {4}::text, {5}::uuid, {6}::text[]))
        """;

    private static List<object?> HitArgs(string keywords, Guid fairId, Query query, DateTimeOffset now) =>
    [
        keywords, fairId, now, Trimmed(query.City), query.Degree, query.EmployerId,
        Trimmed(query.Major) is { } major ? new[] { major } : null,
    ];

    private static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>
    /// With keywords, best matches first: every keyword in the title, then in title and employer
    /// name, then anywhere; within each, most recently shared first. The hits are ranked and
    /// counted in one pass over the entries (no ts_rank: it cost a microsecond a hit, and a
    /// frequent word has thousands); only the page's postings are read from positions.
    /// </summary>
    private async Task<Page<PositionListItem>> BestMatchesAsync(Guid fairId, string keywords, Query query, DateTimeOffset now,
        CancellationToken ct)
    {
        var paging = query.Paging;
        var args = HitArgs(keywords, fairId, query, now);
        args.Add(paging.Size);
        args.Add(paging.Skip);
        var sql = FormattableStringFactory.Create($$"""
            WITH hits AS MATERIALIZED (
                SELECT e.position_id, e.shared_at,
                       CASE WHEN e.head_vector @@ jf_search_query_in({0}, 'A') THEN 2
                            WHEN e.head_vector @@ jf_search_query({0}) THEN 1 ELSE 0 END AS tier
                {{Hits}}
            )
            SELECT p.id AS "Id", p.title AS "Title", p.employer_id AS "EmployerId", p.employer_name AS "EmployerName",
                   p.city AS "City", p.degree AS "Degree", p.openings AS "Openings", p.majors AS "Majors",
                   p.salary_min AS "SalaryMin", p.salary_max AS "SalaryMax", p.closes_at AS "ClosesAt",
                   h.shared_at AS "SharedAt", (SELECT count(*) FROM hits)::int AS "Total"
            FROM (SELECT * FROM hits ORDER BY tier DESC, shared_at DESC, position_id LIMIT {7} OFFSET {8}) h
            JOIN positions p ON p.id = h.position_id
            ORDER BY h.tier DESC, h.shared_at DESC, h.position_id
            """, [.. args]);
        // Planned for its keywords and its fair on every search, which the server's connections otherwise do only while
        // PostgreSQL estimates that a plan made once would cost more (Database.SessionOptions). Here that estimate is no
        // promise: a plan made once reads every one of search_entries' 256 partitions, cannot fold the tokenisers into
        // constants (0007), and would stay on its connection.
        await using var perSearch = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("SET LOCAL plan_cache_mode = force_custom_plan", ct);
        var rows = await db.Database.SqlQuery<Match>(sql).ToListAsync(ct);
        // Past the last page there are no rows to carry the total; count only then.
        var total = rows.Count > 0 ? rows[0].Total : paging.Skip == 0 ? 0 : await CountAsync(fairId, keywords, query, now, ct);
        await perSearch.CommitAsync(ct);
        return new Page<PositionListItem>(rows.Select(m => new PositionListItem(m.Id, m.Title, new EmployerRef(m.EmployerId, m.EmployerName),
            m.City, m.Degree, m.Openings, m.Majors, m.SalaryMin, m.SalaryMax, m.ClosesAt, m.SharedAt)).ToList(), total);
    }

    private Task<int> CountAsync(Guid fairId, string keywords, Query query, DateTimeOffset now, CancellationToken ct) =>
        db.Database.SqlQuery<int>(FormattableStringFactory.Create($"""SELECT count(*)::int AS "Value" {Hits}""",
            [.. HitArgs(keywords, fairId, query, now)])).SingleAsync(ct);
}
