using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Notifications;

/// <summary>
/// The caller's stored notifications: what reached them live, kept for when they were away.
/// Only ever the caller's own; another user's notification is a 404.
/// </summary>
internal static class NotificationsApi
{
    public sealed record Query(bool? Unread, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class QueryValidator : AbstractValidator<Query>
    {
        public QueryValidator() => PagingRules.Add(this, q => q.Paging);
    }

    public sealed record ReadAllResponse(int Marked);

    public static void MapNotifications(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("").WithTags("Notifications").RequireAuthorization();
        me.MapGet("/api/me/notifications", List).Validate<Query>()
            .WithSummary("The caller's notifications, newest first; unread=true for the unread ones only.");
        me.MapPost("/api/me/notifications/{id:guid}/read", MarkRead)
            .WithSummary("Mark one of the caller's notifications read (marking it again changes nothing).");
        me.MapPost("/api/me/notifications/read-all", MarkAllRead)
            .WithSummary("Mark every unread notification of the caller read; returns how many were marked.");
    }

    private static async Task<Ok<Page<NotificationResponse>>> List(
        [AsParameters] Query query, CurrentUser current, JobFairDb db, CancellationToken ct)
    {
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == current.Id);
        if (query.Unread == true) mine = mine.Where(n => n.ReadAt == null);
        else if (query.Unread == false) mine = mine.Where(n => n.ReadAt != null);
        var paging = query.Paging;
        var items = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(paging.Skip).Take(paging.Size)
            .Select(n => new NotificationResponse(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<NotificationResponse>(items, await mine.CountAsync(ct)));
    }

    private static async Task<Results<Ok<NotificationResponse>, ProblemHttpResult>> MarkRead(
        Guid id, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Conditional, so a second mark keeps the time it was first read.
        await db.Notifications.Where(n => n.Id == id && n.UserId == current.Id && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        var notification = await db.Notifications.AsNoTracking().Where(n => n.Id == id && n.UserId == current.Id)
            .Select(n => new NotificationResponse(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt))
            .SingleOrDefaultAsync(ct);
        return notification is null ? Problem.NotFound("notification") : TypedResults.Ok(notification);
    }

    private static async Task<Ok<ReadAllResponse>> MarkAllRead(CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var marked = await db.Notifications.Where(n => n.UserId == current.Id && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return TypedResults.Ok(new ReadAllResponse(marked));
    }
}
