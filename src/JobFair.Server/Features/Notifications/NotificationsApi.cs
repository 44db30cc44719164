namespace JobFair.Server.Features.Notifications;

/// <summary>The caller's stored notifications; each slice maps its own route with its policy and refusals.</summary>
internal static class NotificationsApi
{
    public static void MapNotifications(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Notifications");
        ListNotifications.Map(api);
        MarkNotificationRead.Map(api);
        MarkAllNotificationsRead.Map(api);
    }
}
