using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Fairs;

/// <summary>
/// Anyone lists fairs, newest first (or soonest first): published and closed ones, and hosts their
/// own drafts too. Pages also read the fairs of some pairs or of some ids through it.
/// </summary>
public sealed class ListFairs(JobFairDb db, TimeProvider time, IValidator<ListFairs.Query> validator) : IUseCase
{
    /// <summary><paramref name="Sort"/>: <c>newest</c> (latest start first, the default) or <c>soonest</c> (earliest start first).</summary>
    public sealed record Query(string? Status, Guid? UniversityId, string? Q, int? Page, int? PageSize, string? Sort = null)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    public const string Newest = "newest";
    /// <summary>With status=published: the fairs running now first, then the upcoming ones in the order they start (the home page).</summary>
    public const string Soonest = "soonest";

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).Must(s => s is null || FairStatus.All.Contains(s))
                .WithMessage("status must be draft, published or closed");
            RuleFor(q => q.Q).MaximumLength(100);
            RuleFor(q => q.Sort).Must(s => s is null or Newest or Soonest).WithMessage("sort must be newest or soonest");
            PagingRules.Add(this, q => q.Paging);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/fairs", ([AsParameters] Query query, CurrentUser caller, ListFairs list, CancellationToken ct) =>
                list.RunAsync(caller, query, ct).ToOk())
            .AllowAnonymous()
            .Refuses(Refusal.Invalid("status", "status must be draft, published or closed"))
            .WithSummary("Fairs, newest first (sort=soonest: earliest start first). The public sees published and closed fairs; " +
                         "hosts also see their drafts.");

    public async Task<Outcome<Page<FairResponse>>> RunAsync(CurrentUser caller, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        var now = time.GetUtcNow();
        var fairs = await VisibleAsync(caller, ct);
        // A published fair past its end counts as closed before the closer has stored it so.
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
            var pattern = Like.Containing(query.Q);
            fairs = fairs.Where(f => EF.Functions.ILike(f.Title, pattern) || EF.Functions.ILike(f.Description, pattern));
        }
        var paging = query.Paging;
        var ordered = query.Sort == Soonest ? fairs.OrderBy(f => f.StartsAt) : fairs.OrderByDescending(f => f.StartsAt);
        var items = await ordered.ThenBy(f => f.Id).WithHosts().Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return new Page<FairResponse>(items.Select(f => f.ToResponse(now)).ToList(), await fairs.CountAsync(ct));
    }

    /// <summary>The fairs of these pairs that the caller may see, latest start first, by pair (the pairs page).</summary>
    public async Task<ILookup<Guid, FairResponse>> OfPairsAsync(CurrentUser caller, IReadOnlyCollection<Guid> pairIds, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var fairs = await (await VisibleAsync(caller, ct)).Where(f => pairIds.Contains(f.PairId))
            .OrderByDescending(f => f.StartsAt).ThenBy(f => f.Id).WithHosts().ToListAsync(ct);
        return fairs.ToLookup(f => f.PairId, f => f.ToResponse(now));
    }

    /// <summary>Those of these fairs that the caller may see, in start order (a position's fairs).</summary>
    public async Task<IReadOnlyList<FairResponse>> WithIdsAsync(CurrentUser caller, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var fairs = await (await VisibleAsync(caller, ct)).Where(f => ids.Contains(f.Id))
            .OrderBy(f => f.StartsAt).ThenBy(f => f.Id).WithHosts().ToListAsync(ct);
        return fairs.Select(f => f.ToResponse(now)).ToList();
    }

    /// <summary>Published and closed fairs for everyone; drafts also for their hosts and the admin (as <see cref="FairAccess.FindVisibleAsync"/>).</summary>
    private async Task<IQueryable<Fair>> VisibleAsync(CurrentUser caller, CancellationToken ct)
    {
        var fairs = db.Fairs.AsNoTracking();
        if (caller.IsIn(Roles.Admin)) return fairs;
        var hostOf = await caller.CentreUniversityAsync(ct);
        return fairs.Where(f => f.Status != FairStatus.Draft || f.Pair.SupportedId == hostOf || f.Pair.SupportingId == hostOf);
    }
}
