using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Fairs;

namespace JobFair.Server.Features.Positions;

public sealed record EmployerRef(Guid Id, string Name);

public sealed record PositionResponse(
    Guid Id, string Title, string Description, EmployerRef Employer, string City, IReadOnlyList<string> Majors, string Degree,
    int Openings, int SalaryMin, int SalaryMax, DateTimeOffset? ClosesAt, string Status, IReadOnlyList<Guid> FairIds,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PositionResponse From(Position p, IReadOnlyList<Guid> fairIds, DateTimeOffset now) => new(
        p.Id, p.Title, p.Description, new EmployerRef(p.EmployerId, p.EmployerName), p.City, p.Majors, p.Degree,
        p.Openings, p.SalaryMin, p.SalaryMax, p.ClosesAt, EffectiveStatus(p.Status, p.ClosesAt, now), fairIds, p.CreatedAt, p.UpdatedAt);

    public static async Task<PositionResponse> LoadAsync(JobFairDb db, Position p, DateTimeOffset now, CancellationToken ct) =>
        From(p, await db.PositionFairs.Where(pf => pf.PositionId == p.Id).OrderBy(pf => pf.SharedAt).Select(pf => pf.FairId).ToListAsync(ct), now);

    /// <summary>A posting past its closing date is closed.</summary>
    public static string EffectiveStatus(string stored, DateTimeOffset? closesAt, DateTimeOffset now) =>
        closesAt is { } c && c <= now ? PositionStatus.Closed : stored;
}

/// <summary>One line of a fair's position list.</summary>
public sealed record PositionListItem(Guid Id, string Title, EmployerRef Employer, string City, string Degree, int Openings,
    IReadOnlyList<string> Majors, int SalaryMin, int SalaryMax, DateTimeOffset? ClosesAt, DateTimeOffset SharedAt);

internal static class PositionQueries
{
    public sealed record FairQuery(string? Q, string? Major, string? City, string? Degree, Guid? EmployerId, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<FairQuery>
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

    public static void Map(IEndpointRouteBuilder app, IEndpointRouteBuilder recruiters)
    {
        app.MapGet("/api/fairs/{id:guid}/positions", ListInFair).Validate<FairQuery>()
            .WithSummary("Open positions shared into a fair. q finds Chinese (two or more characters) and English keywords " +
                         "in title, description, employer and majors, best matches first; filters by major, city, degree, employer.");
        app.MapGet("/api/positions/{id:guid}", Get).WithSummary("One position, with the fairs it is shared into.");
        recruiters.MapGet("/api/employers/me/positions", Mine).Validate<PageQuery>().WithSummary("The caller's employer's postings, newest first.");
    }

    private static async Task<Results<Ok<Page<PositionListItem>>, ProblemHttpResult>> ListInFair(
        Guid id, [AsParameters] FairQuery query, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        if (!await db.IsVisibleAsync(id, current, ct)) return Problem.NotFound("fair");
        var now = time.GetUtcNow();
        var paging = query.Paging;
        return string.IsNullOrWhiteSpace(query.Q)
            ? TypedResults.Ok(await NewestAsync(db, id, query, paging, now, ct))
            : TypedResults.Ok(await BestMatchesAsync(db, id, query.Q, query, paging, now, ct));
    }

    private static IQueryable<Position> Filtered(IQueryable<Position> positions, FairQuery query, DateTimeOffset now)
    {
        positions = positions.Where(p => p.Status == PositionStatus.Open && (p.ClosesAt == null || p.ClosesAt > now));
        if (!string.IsNullOrWhiteSpace(query.Major)) positions = positions.Where(p => p.Majors.Contains(query.Major.Trim()));
        if (!string.IsNullOrWhiteSpace(query.City)) positions = positions.Where(p => p.City == query.City.Trim());
        if (query.Degree is { } degree) positions = positions.Where(p => p.Degree == degree);
        if (query.EmployerId is { } employerId) positions = positions.Where(p => p.EmployerId == employerId);
        return positions;
    }

    /// <summary>Without keywords: the fair's postings, most recently shared first.</summary>
    private static async Task<Page<PositionListItem>> NewestAsync(JobFairDb db, Guid fairId, FairQuery query, Paging paging,
        DateTimeOffset now, CancellationToken ct)
    {
        var shared = db.PositionFairs.Where(pf => pf.FairId == fairId)
            .Join(Filtered(db.Positions, query, now), pf => pf.PositionId, p => p.Id, (pf, p) => new { p, pf.SharedAt });
        var items = await shared.OrderByDescending(x => x.SharedAt).ThenBy(x => x.p.Id).Skip(paging.Skip).Take(paging.Size)
            .Select(x => new PositionListItem(x.p.Id, x.p.Title, new EmployerRef(x.p.EmployerId, x.p.EmployerName), x.p.City,
                x.p.Degree, x.p.Openings, x.p.Majors, x.p.SalaryMin, x.p.SalaryMax, x.p.ClosesAt, x.SharedAt))
            .ToListAsync(ct);
        return new Page<PositionListItem>(items, await shared.CountAsync(ct));
    }

    /// <summary>A row of the keyword search; property names are the SQL column aliases.</summary>
    private sealed record Match(Guid Id, string Title, Guid EmployerId, string EmployerName, string City, string Degree, int Openings,
        string[] Majors, int SalaryMin, int SalaryMax, DateTimeOffset? ClosesAt, DateTimeOffset SharedAt, int Total);

    /// <summary>
    /// With keywords: one GIN lookup finds the postings that have every keyword and this fair's token
    /// (no walk over the fair's postings); one pass ranks them on the small in-row rank vector,
    /// title first, and counts them (a separate count query cost as much again; docs/performance.md).
    /// </summary>
    private static async Task<Page<PositionListItem>> BestMatchesAsync(JobFairDb db, Guid fairId, string keywords, FairQuery query,
        Paging paging, DateTimeOffset now, CancellationToken ct)
    {
        var args = new List<object?> { keywords, fairId, now };
        var filters = new StringBuilder();
        void Filter(string sql, object value)
        {
            args.Add(value);
            filters.Append(CultureInfo.InvariantCulture, $" AND {sql.Replace("@", "{" + (args.Count - 1) + "}", StringComparison.Ordinal)}");
        }
        if (!string.IsNullOrWhiteSpace(query.Major)) Filter("@ = ANY (p.majors)", query.Major.Trim());
        if (!string.IsNullOrWhiteSpace(query.City)) Filter("p.city = @", query.City.Trim());
        if (query.Degree is { } degree) Filter("p.degree = @", degree);
        if (query.EmployerId is { } employerId) Filter("p.employer_id = @", employerId);
        args.Add(paging.Size);
        args.Add(paging.Skip);
        var sql = FormattableStringFactory.Create($$"""
            SELECT s.*, pf.shared_at AS "SharedAt"
            FROM (
                SELECT p.id AS "Id", p.title AS "Title", p.employer_id AS "EmployerId", p.employer_name AS "EmployerName",
                       p.city AS "City", p.degree AS "Degree", p.openings AS "Openings", p.majors AS "Majors",
                       p.salary_min AS "SalaryMin", p.salary_max AS "SalaryMax", p.closes_at AS "ClosesAt",
                       ts_rank(p.rank_vector, jf_search_query({0})) AS rank, (count(*) OVER ())::int AS "Total"
                FROM positions p
                WHERE p.search_vector @@ jf_fair_search_query({0}, {1}) AND p.status = 'open'
                  AND (p.closes_at IS NULL OR p.closes_at > {2}){{filters}}
                ORDER BY rank DESC, p.id
                LIMIT {{{args.Count - 2}}} OFFSET {{{args.Count - 1}}}
            ) s
            JOIN position_fairs pf ON pf.position_id = s."Id" AND pf.fair_id = {1}
            ORDER BY s.rank DESC, s."Id"
            """, [.. args]);
        var rows = await db.Database.SqlQuery<Match>(sql).ToListAsync(ct);
        // Past the last page there are no rows to carry the total; count only then.
        var total = rows.Count > 0 ? rows[0].Total : paging.Skip == 0 ? 0 : await CountAsync(db, fairId, keywords, query, now, ct);
        return new Page<PositionListItem>(rows.Select(m => new PositionListItem(m.Id, m.Title, new EmployerRef(m.EmployerId, m.EmployerName),
            m.City, m.Degree, m.Openings, m.Majors, m.SalaryMin, m.SalaryMax, m.ClosesAt, m.SharedAt)).ToList(), total);
    }

    private static Task<int> CountAsync(JobFairDb db, Guid fairId, string keywords, FairQuery query, DateTimeOffset now, CancellationToken ct) =>
        Filtered(db.Positions.Where(p => p.SearchVector.Matches(SearchFunctions.InFair(keywords, fairId))), query, now).CountAsync(ct);

    private static async Task<Results<Ok<PositionResponse>, ProblemHttpResult>> Get(Guid id, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var position = await db.Positions.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        return position is null
            ? Problem.NotFound("position")
            : TypedResults.Ok(await PositionResponse.LoadAsync(db, position, time.GetUtcNow(), ct));
    }

    private static async Task<Results<Ok<Page<PositionResponse>>, ProblemHttpResult>> Mine(
        [AsParameters] PageQuery query, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        if (await current.EmployerAsync(ct) is not { } employerId) return Employers.Problems.NotRecruiter;
        var now = time.GetUtcNow();
        var mine = db.Positions.AsNoTracking().Where(p => p.EmployerId == employerId);
        var paging = query.Paging;
        var page = await mine.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id).Skip(paging.Skip).Take(paging.Size)
            .Select(p => new { p, Fairs = db.PositionFairs.Where(pf => pf.PositionId == p.Id).OrderBy(pf => pf.SharedAt).Select(pf => pf.FairId).ToList() })
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<PositionResponse>(page.Select(x => PositionResponse.From(x.p, x.Fairs, now)).ToList(),
            await mine.CountAsync(ct)));
    }
}
