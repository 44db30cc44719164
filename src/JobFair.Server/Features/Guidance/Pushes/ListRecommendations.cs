using System.Globalization;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Positions;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>The position a recommendation points at, as a list line shows it.</summary>
public sealed record RecommendedPosition(string Title, EmployerRef Employer, string City, string Degree, int SalaryMin, int SalaryMax,
    string Status);

/// <summary>One push: which position in which fair, why, when it came and when the graduate opened it.</summary>
public sealed record RecommendationItem(Guid PositionId, Guid FairId, string FairTitle, string Reason, DateTimeOffset CreatedAt,
    DateTimeOffset? SeenAt, string Match, RecommendedPosition Position);

/// <summary>A graduate lists the positions pushed to them for their major, newest first (those still waiting for a later day are not shown).</summary>
public sealed class ListRecommendations(JobFairDb db, TimeProvider time, IValidator<ListRecommendations.Query> validator) : IUseCase
{
    public sealed record Query(bool? Unseen, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => PagingRules.Add(this, q => q.Paging);
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/students/me/recommendations", ([AsParameters] Query query, CurrentUser caller, ListRecommendations list, CancellationToken ct) =>
                list.RunAsync(caller, query, ct).ToOk())
            .RequireAuthorization(Policies.Student)
            .Refuses(Refusal.Invalid("pageSize", "at most 100"), StudentCaller.NotStudent)
            .WithSummary("Positions pushed to the caller for their major (at most 5 a day, never one twice), newest first; " +
                         "unseen=true for those not opened yet. reason is in the request's language (Chinese by default).");

    public async Task<Outcome<Page<RecommendationItem>>> RunAsync(CurrentUser caller, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
        var mine = db.Recommendations.AsNoTracking().Where(r => r.StudentId == studentId && r.PushedAt != null);
        if (query.Unseen == true) mine = mine.Where(r => r.SeenAt == null);
        var paging = query.Paging;
        var rows = await mine.Join(db.Positions, r => r.PositionId, p => p.Id, (r, p) => new { r, p })
            .Join(db.Fairs, x => x.r.FairId, f => f.Id, (x, f) => new { x.r, x.p, f.Title })
            .OrderByDescending(x => x.r.PushedAt).ThenByDescending(x => x.r.Id).Skip(paging.Skip).Take(paging.Size)
            .ToListAsync(ct);
        var now = time.GetUtcNow();
        var items = rows.Select(x => Item(x.r, x.p, x.Title, now, CultureInfo.CurrentUICulture)).ToList();
        return new Page<RecommendationItem>(items, await mine.CountAsync(ct));
    }

    /// <summary>The reason is written in <paramref name="culture"/>: the request's language (Chinese by default).</summary>
    internal static RecommendationItem Item(Recommendation r, Position p, string fairTitle, DateTimeOffset now, CultureInfo culture) => new(
        r.PositionId, r.FairId, fairTitle, PushReasons.Describe(r.Match, r.Major, r.Category, culture), r.PushedAt!.Value, r.SeenAt, r.Match,
        new RecommendedPosition(p.Title, new EmployerRef(p.EmployerId, p.EmployerName), p.City, p.Degree, p.SalaryMin, p.SalaryMax,
            PositionResponse.EffectiveStatus(p.Status, p.ClosesAt, now)));
}
