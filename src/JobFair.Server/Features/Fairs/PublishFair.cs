using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Fairs;

/// <summary>Either host publishes a draft fair: employers may then ask to join it and students see it.</summary>
public sealed class PublishFair(JobFairDb db, TimeProvider time) : IUseCase
{
    public static readonly Refusal AlreadyPublished = Refusal.Conflict("already_published", "This fair is already published.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/fairs/{id:guid}/publish", (Guid id, CurrentUser caller, PublishFair publish, CancellationToken ct) =>
                publish.RunAsync(caller, id, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(FairAccess.NotFound, FairAccess.NotHost, AlreadyPublished, FairAccess.Closed)
            .WithSummary("A host publishes a draft fair: employers may then ask to join and students see it.");

    public async Task<Outcome<FairResponse>> RunAsync(CurrentUser caller, Guid id, CancellationToken ct)
    {
        var found = await db.FindForHostAsync(id, caller, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var fair = found.Value;
        var now = time.GetUtcNow();
        if (fair.EndsAt <= now) return FairAccess.Closed;
        // Conditional on the state: two hosts publishing at once publish once.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Fairs.Where(f => f.Id == id && f.Status == FairStatus.Draft)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, FairStatus.Published).SetProperty(f => f.PublishedAt, now), ct);
        if (changed == 0)
            return await db.Fairs.Where(f => f.Id == id).Select(f => f.Status).SingleAsync(ct) == FairStatus.Published
                ? AlreadyPublished
                : FairAccess.Closed;
        db.Publish(new FairChanged(fair.Id, FairStatus.Published), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        fair.Status = FairStatus.Published;
        fair.PublishedAt = now;
        return fair.ToResponse(now);
    }
}
