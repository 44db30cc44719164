using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Notifications.Pages;
using Microsoft.Extensions.Localization;

namespace JobFair.Server.Features.Notifications;

/// <summary>A signed-in user lists their stored notifications, newest first: what reached them live, kept for when they were away.</summary>
public sealed class ListNotifications(JobFairDb db, IStringLocalizer<NotificationsText> t, IValidator<ListNotifications.Query> validator) : IUseCase
{
    public sealed record Query(bool? Unread, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => PagingRules.Add(this, q => q.Paging);
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/me/notifications", ([AsParameters] Query query, CurrentUser caller, ListNotifications list, CancellationToken ct) =>
                list.RunAsync(caller, query, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(Refusal.Invalid("pageSize", "at most 100"))
            .WithSummary("The caller's notifications, newest first; unread=true for the unread ones only. Pushes and reminders " +
                         "are written in the request's language (Chinese by default), the other kinds as stored.");

    public async Task<Outcome<Page<NotificationResponse>>> RunAsync(CurrentUser caller, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == caller.Id);
        if (query.Unread == true) mine = mine.Where(n => n.ReadAt == null);
        else if (query.Unread == false) mine = mine.Where(n => n.ReadAt != null);
        var paging = query.Paging;
        var items = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(paging.Skip).Take(paging.Size)
            .ToListAsync(ct);
        return new Page<NotificationResponse>(items.Select(n => n.Response(t)).ToList(), await mine.CountAsync(ct));
    }
}
