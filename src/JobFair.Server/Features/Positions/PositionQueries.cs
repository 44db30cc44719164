using FluentValidation;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

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
        if (await db.FindVisibleAsync(id, current, ct) is null) return Problem.NotFound("fair");
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

    /// <summary>
    /// With keywords: one GIN lookup finds the postings that have every keyword and this fair's token
    /// (no walk over the fair's postings); they are ranked on the small rank vector, title first.
    /// </summary>
    private static async Task<Page<PositionListItem>> BestMatchesAsync(JobFairDb db, Guid fairId, string keywords, FairQuery query,
        Paging paging, DateTimeOffset now, CancellationToken ct)
    {
        var matches = Filtered(db.Positions.Where(p => p.SearchVector.Matches(SearchFunctions.InFair(keywords, fairId))), query, now);
        var page = await matches
            .Select(p => new { p, Rank = p.RankVector.Rank(SearchFunctions.Query(keywords)) })
            .OrderByDescending(x => x.Rank).ThenBy(x => x.p.Id).Skip(paging.Skip).Take(paging.Size)
            .Join(db.PositionFairs.Where(pf => pf.FairId == fairId), x => x.p.Id, pf => pf.PositionId, (x, pf) => new
            {
                x.Rank, x.p.Id, x.p.Title, x.p.EmployerId, x.p.EmployerName, x.p.City, x.p.Degree, x.p.Openings, x.p.Majors,
                x.p.SalaryMin, x.p.SalaryMax, x.p.ClosesAt, pf.SharedAt,
            })
            .ToListAsync(ct);
        var items = page.OrderByDescending(x => x.Rank).ThenBy(x => x.Id)
            .Select(x => new PositionListItem(x.Id, x.Title, new EmployerRef(x.EmployerId, x.EmployerName), x.City, x.Degree,
                x.Openings, x.Majors, x.SalaryMin, x.SalaryMax, x.ClosesAt, x.SharedAt))
            .ToList();
        return new Page<PositionListItem>(items, await matches.CountAsync(ct));
    }

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
