using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance;

/// <summary>A centre lists its university's counsellors, by name.</summary>
public sealed class ListCounsellors(JobFairDb db, IValidator<PageQuery> validator) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/universities/{id:guid}/counsellors", (Guid id, [AsParameters] PageQuery query, CurrentUser caller, ListCounsellors list,
                CancellationToken ct) => list.RunAsync(caller, id, query, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.NotFound("university"), Refusal.Invalid("pageSize", "between 1 and 100"), LedgerAccess.NotOwnUniversity)
            .WithSummary("A centre lists its university's counsellors.");

    public async Task<Outcome<Page<CounsellorResponse>>> RunAsync(CurrentUser caller, Guid universityId, PageQuery query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.CentreUniversityAsync(ct) != universityId) return LedgerAccess.NotOwnUniversity;
        var counsellors = db.Counsellors.Where(c => c.UniversityId == universityId);
        var paging = query.Paging;
        var ids = await counsellors.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip(paging.Skip).Take(paging.Size).Select(c => c.Id).ToListAsync(ct);
        var items = await CounsellorResponse.LoadAsync(db, db.Counsellors.Where(c => ids.Contains(c.Id)), ct);
        return new Page<CounsellorResponse>(items, await counsellors.CountAsync(ct));
    }
}
