using System.Globalization;
using System.Text.Json;
using JobFair.Server.Features.Guidance.Pushes;
using JobFair.Server.Features.Notifications.Pages;
using Microsoft.Extensions.Localization;

namespace JobFair.Server.Features.Notifications;

/// <summary>What a <c>position_recommended</c> notification says: the position, and why it matches the graduate's major.</summary>
public sealed record RecommendedNotice(string Employer, string Title, string Match, string Major, string? Category);

/// <summary>What an <c>applications_unread</c> reminder says: how many resumes wait, since how many days, for which positions.</summary>
public sealed record UnreadNotice(int Count, int Days, IReadOnlyList<string> Titles, bool More);

/// <summary>
/// Writes the notifications that keep their parameters (pushes and reminders) in the current UI
/// language, from NotificationsText.resx: the writer stores the Chinese text, and the list (API and
/// pages) writes it again for an English reader. Other kinds read as they were stored.
/// </summary>
public static class NotificationTexts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    public static string Store(RecommendedNotice notice) => JsonSerializer.Serialize(notice, Json);

    public static string Store(UnreadNotice notice) => JsonSerializer.Serialize(notice, Json);

    /// <summary>The title and body in the current UI language; the stored ones when the kind keeps no parameters.</summary>
    public static (string Title, string Body) Write(IStringLocalizer<NotificationsText> t, string kind, string? parameters, string title,
        string body)
    {
        if (parameters is null) return (title, body);
        var culture = CultureInfo.CurrentUICulture;
        var english = culture.TwoLetterISOLanguageName == "en";
        switch (kind)
        {
            case NotificationKinds.PositionRecommended when JsonSerializer.Deserialize<RecommendedNotice>(parameters, Json) is { } n:
                return (t["Kind.position_recommended.Title"],
                    t["Kind.position_recommended.Body", n.Employer, n.Title, PushReasons.Describe(n.Match, n.Major, n.Category, culture)]);
            case NotificationKinds.ApplicationsUnread when JsonSerializer.Deserialize<UnreadNotice>(parameters, Json) is { } n:
                var titles = string.Join(english ? ", " : "", n.Titles.Select(x => t["Kind.applications_unread.Quote", x].Value)) +
                             (n.More ? t["Kind.applications_unread.More"] : "");
                return (t["Kind.applications_unread.Title"], t["Kind.applications_unread.Body", n.Count, n.Days, titles]);
            default:
                return (title, body);
        }
    }

    /// <summary>The notification as the API and the pages give it, in the current UI language.</summary>
    public static NotificationResponse Response(this Notification n, IStringLocalizer<NotificationsText> t)
    {
        var (title, body) = Write(t, n.Kind, n.Parameters, n.Title, n.Body);
        return new NotificationResponse(n.Id, n.Kind, title, body, n.Link, n.CreatedAt, n.ReadAt);
    }

    /// <summary>The Chinese text to store (what the API gives by default, and what a client not asking for English reads).</summary>
    public static (string Title, string Body) WriteInChinese(IStringLocalizer<NotificationsText> t, string kind, string parameters)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Chinese;
        try { return Write(t, kind, parameters, "", ""); }
        finally { CultureInfo.CurrentUICulture = before; }
    }
}
