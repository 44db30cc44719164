using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Fairs;

/// <summary>Anyone lists fairs, newest first: published and closed ones, and hosts their own drafts too.</summary>
public sealed class ListFairs(JobFairDb db, TimeProvider time, IValidator<ListFairs.Query> validator) : IUseCase
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

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/fairs", ([AsParameters] Query query, CurrentUser caller, ListFairs list, CancellationToken ct) =>
                list.RunAsync(caller, query, ct).ToOk())
            .AllowAnonymous()
            .Refuses(Refusal.Invalid("status", "status must be draft, published or closed"))
            .WithSummary("Fairs, newest first. The public sees published and closed fairs; hosts also see their drafts.");

    public async Task<Outcome<Page<FairResponse>>> RunAsync(CurrentUser caller, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        var now = time.GetUtcNow();
        var fairs = db.Fairs.AsNoTracking();
        var hostOf = await caller.CentreUniversityAsync(ct);
        if (!caller.IsIn(Roles.Admin))
            fairs = fairs.Where(f => f.Status != FairStatus.Draft || f.Pair.SupportedId == hostOf || f.Pair.SupportingId == hostOf);
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
        var items = await fairs.WithHosts().OrderByDescending(f => f.StartsAt).ThenBy(f => f.Id)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return new Page<FairResponse>(items.Select(f => f.ToResponse(now)).ToList(), await fairs.CountAsync(ct));
    }
}
