using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Fairs;

namespace JobFair.Server.Features.Stats;

/// <summary>Anyone who may see a fair reads its figures as last counted, split by host university.</summary>
public sealed class GetFairStats(JobFairDb db) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/fairs/{id:guid}/stats", (Guid id, CurrentUser caller, GetFairStats get, CancellationToken ct) =>
                get.RunAsync(caller, id, ct).ToOk())
            .AllowAnonymous()
            .Refuses(FairAccess.NotFound)
            .WithSummary("A fair's figures, split by host university; updated within about a second of each change.");

    public async Task<Outcome<FairStatsResponse>> RunAsync(CurrentUser caller, Guid fairId, CancellationToken ct) =>
        await db.IsVisibleAsync(fairId, caller, ct) ? await LoadAsync(db, fairId, ct) : FairAccess.NotFound;

    /// <summary>A fair's figures as last counted; zeros with both hosts before the first count.</summary>
    public static async Task<FairStatsResponse> LoadAsync(JobFairDb db, Guid fairId, CancellationToken ct)
    {
        var figures = await db.FairStats.AsNoTracking().SingleOrDefaultAsync(f => f.FairId == fairId, ct)
                      ?? new FairFigures { FairId = fairId };
        var pair = await db.Fairs.Where(f => f.Id == fairId)
            .Select(f => new { SupportedId = f.Pair.Supported.Id, Supported = f.Pair.Supported.Name, SupportingId = f.Pair.Supporting.Id, Supporting = f.Pair.Supporting.Name })
            .SingleAsync(ct);
        var hosts = new[] { (Id: pair.SupportedId, Name: pair.Supported), (Id: pair.SupportingId, Name: pair.Supporting) };
        var counted = await db.FairUniversityStats.AsNoTracking().Where(u => u.FairId == fairId).ToDictionaryAsync(u => u.UniversityId, ct);
        var byUniversity = hosts.Select(h => counted.TryGetValue(h.Id, out var u)
            ? new UniversityStats(h.Id, h.Name, u.Applicants, u.Applications, u.Signed)
            : new UniversityStats(h.Id, h.Name, 0, 0, 0)).ToList();
        return new FairStatsResponse(fairId, figures.Employers, figures.Positions, figures.Openings, figures.Applicants,
            figures.Applications, figures.InterviewsInvited, figures.InterviewsBooked, figures.Offers, figures.Signed, byUniversity,
            figures.Version, figures.RefreshedAt);
    }
}
