using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Fairs;

/// <summary>Either host closes a fair early; fairs also close by themselves at their end (<see cref="FairCloser"/>).</summary>
public sealed class CloseFair(JobFairDb db, TimeProvider time) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/fairs/{id:guid}/close", (Guid id, CurrentUser caller, CloseFair close, CancellationToken ct) =>
                close.RunAsync(caller, id, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(FairAccess.NotFound, FairAccess.NotHost, FairAccess.Closed)
            .WithSummary("A host closes a fair early (fairs also close by themselves at endsAt).");

    public async Task<Outcome<FairResponse>> RunAsync(CurrentUser caller, Guid id, CancellationToken ct)
    {
        var found = await db.FindForHostAsync(id, caller, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var fair = found.Value;
        var now = time.GetUtcNow();
        // Conditional on the state: of two hosts closing at once, one closes and the other hears it is closed.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Fairs.Where(f => f.Id == id && f.Status != FairStatus.Closed)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, FairStatus.Closed).SetProperty(f => f.ClosedAt, now), ct);
        if (changed == 0) return FairAccess.Closed;
        db.Publish(new FairChanged(fair.Id, FairStatus.Closed), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        fair.Status = FairStatus.Closed;
        fair.ClosedAt = now;
        return fair.ToResponse(now);
    }
}
