using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Positions;

/// <summary>A recruiter lists their employer's postings, open and closed, newest first.</summary>
public sealed class ListMyPositions(JobFairDb db, TimeProvider time, IValidator<PageQuery> validator) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/employers/me/positions", ([AsParameters] PageQuery query, CurrentUser caller, ListMyPositions list, CancellationToken ct) =>
                list.RunAsync(caller, query, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(Refusal.Invalid("pageSize", "at most 100"), RecruiterCaller.NotRecruiter)
            .WithSummary("The caller's employer's postings, newest first.");

    public async Task<Outcome<Page<PositionResponse>>> RunAsync(CurrentUser caller, PageQuery query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        var now = time.GetUtcNow();
        var mine = db.Positions.AsNoTracking().Where(p => p.EmployerId == employerId);
        var paging = query.Paging;
        var page = await mine.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id).Skip(paging.Skip).Take(paging.Size)
            .Select(p => new { p, Fairs = db.PositionFairs.Where(pf => pf.PositionId == p.Id).OrderBy(pf => pf.SharedAt).Select(pf => pf.FairId).ToList() })
            .ToListAsync(ct);
        return new Page<PositionResponse>(page.Select(x => PositionResponse.From(x.p, x.Fairs, now)).ToList(), await mine.CountAsync(ct));
    }
}
