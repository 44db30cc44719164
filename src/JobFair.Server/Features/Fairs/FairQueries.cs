using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Stats;
using JobFair.Server.Features.Universities;

namespace JobFair.Server.Features.Fairs;

internal static class FairQueries
{
    public sealed record Query(string? Status, Guid? UniversityId, string? Q, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).Must(s => s is null || FairStatus.All.Contains(s))
                .WithMessage("status must be draft, published or closed");
            RuleFor(q => q.Q).MaximumLength(100);
            PagingRules.Add(this, q => q.Paging);
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/fairs", List).Validate<Query>()
            .WithSummary("Fairs, newest first. The public sees published and closed fairs; hosts also see their drafts.");
        app.MapGet("/api/fairs/{id:guid}", Get).WithSummary("One fair with its two hosts and its figures (stats).");
    }

    private static async Task<Page<FairResponse>> List([AsParameters] Query query, CurrentUser current, JobFairDb db,
        TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var fairs = db.Fairs.AsNoTracking();
        var hostOf = await current.CentreUniversityAsync(ct);
        if (!current.IsIn(Roles.Admin))
            fairs = fairs.Where(f => f.Status != FairStatus.Draft || f.Pair.SupportedId == hostOf || f.Pair.SupportingId == hostOf);
        fairs = query.Status switch
        {
            FairStatus.Draft => fairs.Where(f => f.Status == FairStatus.Draft),
            FairStatus.Published => fairs.Where(f => f.Status == FairStatus.Published && f.EndsAt > now),
            FairStatus.Closed => fairs.Where(f => f.Status == FairStatus.Closed || (f.Status == FairStatus.Published && f.EndsAt <= now)),
            _ => fairs,
        };
        if (query.UniversityId is { } u) fairs = fairs.Where(f => f.Pair.SupportedId == u || f.Pair.SupportingId == u);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var pattern = "%" + UniversitiesApi.EscapeLike(query.Q.Trim()) + "%";
            fairs = fairs.Where(f => EF.Functions.ILike(f.Title, pattern) || EF.Functions.ILike(f.Description, pattern));
        }
        var paging = query.Paging;
        var items = await fairs.WithHosts().OrderByDescending(f => f.StartsAt).ThenBy(f => f.Id)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return new Page<FairResponse>(items.Select(f => f.ToResponse(now)).ToList(), await fairs.CountAsync(ct));
    }

    private static async Task<Results<Ok<FairResponse>, ProblemHttpResult>> Get(
        Guid id, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct) =>
        await db.FindVisibleAsync(id, current, ct) is { } fair
            ? TypedResults.Ok(fair.ToResponse(time.GetUtcNow()) with { Stats = await StatsApi.LoadAsync(db, id, ct) })
            : Problem.NotFound("fair");
}
