using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Notifications;

/// <summary>A user marks every unread notification of theirs read at once.</summary>
public sealed class MarkAllNotificationsRead(JobFairDb db, TimeProvider time) : IUseCase
{
    public sealed record Response(int Marked);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/me/notifications/read-all", async (CurrentUser caller, MarkAllNotificationsRead mark, CancellationToken ct) =>
                TypedResults.Ok(await mark.RunAsync(caller, ct)))
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("Mark every unread notification of the caller read; returns how many were marked.");

    public async Task<Response> RunAsync(CurrentUser caller, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var marked = await db.Notifications.Where(n => n.UserId == caller.Id && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return new Response(marked);
    }
}
