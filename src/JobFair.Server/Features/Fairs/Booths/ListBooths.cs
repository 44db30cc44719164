using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>The booths of a fair with their lines, for anyone who may see the fair (its page lists them, live).</summary>
public sealed class ListBooths(JobFairDb db, TimeProvider time, IValidator<ListBooths.Query> validator) : IUseCase
{
    /// <summary><c>open=true</c>: only booths taking walk-ups now.</summary>
    public sealed record Query(bool? Open, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => PagingRules.Add(this, q => q.Paging);
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/fairs/{fairId:guid}/booths", (Guid fairId, [AsParameters] Query query, CurrentUser caller, ListBooths list, CancellationToken ct) =>
                list.RunAsync(caller, fairId, query, ct).ToOk())
            .AllowAnonymous()
            .Refuses(Refusal.Invalid("pageSize", "between 1 and 100"), FairAccess.NotFound)
            .WithSummary("The fair's booths (its approved employers), open ones first: open, waiting and the wait a newcomer may expect.");
        api.MapGet("/fairs/{fairId:guid}/booths/{employerId:guid}", (Guid fairId, Guid employerId, CurrentUser caller, ListBooths list, CancellationToken ct) =>
                list.OneAsync(caller, fairId, employerId, ct).ToOk())
            .AllowAnonymous()
            .Refuses(FairAccess.NotFound, BoothAccess.NotFound)
            .WithSummary("One booth of the fair, as in the list.");
    }

    public async Task<Outcome<Page<BoothResponse>>> RunAsync(CurrentUser caller, Guid fairId, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (!await db.IsVisibleAsync(fairId, caller, ct)) return FairAccess.NotFound;
        return await BoothResponses.PageAsync(db, fairId, query.Open, query.Paging, time.GetUtcNow(), ct);
    }

    public async Task<Outcome<BoothResponse>> OneAsync(CurrentUser caller, Guid fairId, Guid employerId, CancellationToken ct)
    {
        var found = await BoothAccess.FindAsync(db, caller, fairId, employerId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        return await BoothResponses.LoadAsync(db, fairId, employerId, time.GetUtcNow(), ct);
    }
}
