using System.Globalization;
using Microsoft.Extensions.Localization;
using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Web;

/// <summary>
/// The person reading the page: their language and time zone, and how times, money and numbers
/// are written for them (ui.md): <c>4月23日（周四）09:00</c> / <c>Thu 23 Apr, 09:00</c>, the zone
/// named when it is not Asia/Shanghai, the year only when it is not this year; salaries as
/// <c>6,000–9,000 元/月</c>. One per request (inject it).
/// </summary>
public sealed class Reader(IStringLocalizer<SiteText> text, TimeProvider time)
{
    private bool _loaded;
    private CurrentUser? _user;

    /// <summary>Reads who the reader is, once per request, before the page renders (WebSetup.UseJobFairReader).</summary>
    internal async Task LoadAsync(CurrentUser user, JobFairDb db, CancellationToken ct)
    {
        if (_loaded) return;
        _loaded = true;
        _user = user;
        if (await user.GetAsync(ct) is not { } caller) return;
        Zone = caller.Zone;
        UnreadNotifications = await db.Notifications.CountAsync(n => n.UserId == caller.Id && n.ReadAt == null, ct);
    }

    /// <summary>
    /// The reader as the use cases take their caller (built from the request's principal), so a page
    /// passes it to the same use case its endpoint calls.
    /// </summary>
    public CurrentUser User => _user ?? throw new InvalidOperationException("The reader is known only on pages (WebSetup.UseJobFairReader).");

    /// <summary>The signed-in reader's unread notifications as the page was rendered (the header's badge).</summary>
    public int UnreadNotifications { get; private set; }

    public CultureInfo Culture => CultureInfo.CurrentUICulture;

    public bool IsEnglish => Culture.TwoLetterISOLanguageName == "en";

    /// <summary>For <c>&lt;html lang&gt;</c>.</summary>
    public string LanguageTag => IsEnglish ? Languages.English : Languages.Chinese;

    public TimeZoneInfo Zone { get; private set; } = TimeZones.Find(null);

    /// <summary>For tests and for pages that show times in a zone other than the reader's own.</summary>
    public void UseZone(TimeZoneInfo zone) => Zone = zone;

    /// <summary>A day and time: <c>4月23日（周四）09:00</c>, <c>Thu 23 Apr, 09:00</c>.</summary>
    public string When(DateTimeOffset at) => Named(string.Format(Culture, text["Format.DateTime"], Day(at, named: false), Clock(at)));

    /// <summary>A day: <c>4月23日（周四）</c>, <c>Thu 23 Apr</c>.</summary>
    public string Day(DateTimeOffset at) => Day(at, named: true);

    /// <summary>From one time to another: on one day <c>4月23日（周四）09:00–11:00</c>, else both in full.</summary>
    public string Span(DateTimeOffset from, DateTimeOffset to)
    {
        var (start, end) = (Local(from), Local(to));
        var shown = start.Date == end.Date
            ? string.Format(Culture, text["Format.DateTime"], Day(from, named: false), $"{Clock(from)}–{Clock(to)}")
            : string.Format(Culture, text["Format.Span"],
                string.Format(Culture, text["Format.DateTime"], Day(from, named: false), Clock(from)),
                string.Format(Culture, text["Format.DateTime"], Day(to, named: false), Clock(to)));
        return Named(shown);
    }

    /// <summary>The time of day in the reader's zone, 24-hour: <c>09:00</c>.</summary>
    public string Clock(DateTimeOffset at) => Local(at).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>For <c>&lt;time datetime&gt;</c>: ISO 8601 with the reader's offset.</summary>
    public string Machine(DateTimeOffset at) => Local(at).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    /// <summary>A monthly salary in CNY: <c>6,000–9,000 元/月</c>, <c>6,000–9,000 CNY/month</c>.</summary>
    public string Salary(int? min, int? max) => (min, max) switch
    {
        (null or <= 0, null or <= 0) => text["Format.Salary.Negotiable"],
        ({ } low and > 0, { } high and > 0) when low != high =>
            string.Format(Culture, text["Format.Salary.Range"], $"{Number(Math.Min(low, high))}–{Number(Math.Max(low, high))}"),
        ({ } low and > 0, _) when max is null or <= 0 || max == low => string.Format(Culture, text["Format.Salary.From"], Number(low)),
        _ => string.Format(Culture, text["Format.Salary.UpTo"], Number(max!.Value)),
    };

    /// <summary>A count or amount with thousands separators: <c>18,000</c>.</summary>
    public string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private string Day(DateTimeOffset at, bool named)
    {
        var local = Local(at);
        var names = Culture.DateTimeFormat;
        var pattern = local.Year == Local(time.GetUtcNow()).Year ? text["Format.Date"] : text["Format.DateWithYear"];
        // {0} month number, {1} day, {2} weekday (周四 / Thu), {3} month name (Apr), {4} year
        var day = string.Format(CultureInfo.InvariantCulture, pattern, local.Month, local.Day,
            names.GetAbbreviatedDayName(local.DayOfWeek), names.GetAbbreviatedMonthName(local.Month), local.Year);
        return named ? Named(day) : day;
    }

    private string Named(string shown) =>
        Zone.Id == TimeZones.Default ? shown : string.Format(Culture, text["Format.InZone"], shown, Zone.Id);

    private DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);
}
