using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Stats;

namespace JobFair.Server.Features.Fairs;

/// <summary>Anyone who may know the fair reads it with its two hosts and its figures.</summary>
public sealed class GetFair(JobFairDb db, TimeProvider time) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/fairs/{id:guid}", (Guid id, CurrentUser caller, GetFair get, CancellationToken ct) =>
                get.RunAsync(caller, id, ct).ToOk())
            .AllowAnonymous()
            .Refuses(FairAccess.NotFound)
            .WithSummary("One fair with its two hosts and its figures (stats).");

    public async Task<Outcome<FairResponse>> RunAsync(CurrentUser caller, Guid id, CancellationToken ct) =>
        await db.FindVisibleAsync(id, caller, ct) is { } fair
            ? fair.ToResponse(time.GetUtcNow()) with { Stats = await GetFairStats.LoadAsync(db, id, ct) }
            : FairAccess.NotFound;
}
