using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Notifications.Pages;
using Microsoft.Extensions.Localization;

namespace JobFair.Server.Features.Notifications;

/// <summary>A user marks one of their notifications read; another user's notification is 404.</summary>
public sealed class MarkNotificationRead(JobFairDb db, TimeProvider time, IStringLocalizer<NotificationsText> t) : IUseCase
{
    public static readonly Refusal NotFound = Refusal.NotFound("notification");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/me/notifications/{id:guid}/read", (Guid id, CurrentUser caller, MarkNotificationRead mark, CancellationToken ct) =>
                mark.RunAsync(caller, id, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(NotFound)
            .WithSummary("Mark one of the caller's notifications read (marking it again changes nothing).");

    public async Task<Outcome<NotificationResponse>> RunAsync(CurrentUser caller, Guid id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Conditional, so a second mark keeps the time it was first read.
        await db.Notifications.Where(n => n.Id == id && n.UserId == caller.Id && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        var notification = await db.Notifications.AsNoTracking().Where(n => n.Id == id && n.UserId == caller.Id)
            .SingleOrDefaultAsync(ct);
        return notification is null ? NotFound : notification.Response(t);
    }
}
