using System.Globalization;
using JobFair.Server.Web;
using Microsoft.Extensions.Localization;

namespace JobFair.Server.Features.Fairs.Pages;

/// <summary>
/// A fair's fields as the centre's forms post them: times as <c>datetime-local</c> values, read in
/// the reader's zone (the zone the page shows them in).
/// </summary>
public sealed class FairForm
{
    public string? PairId { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? StartsAt { get; set; }
    public string? EndsAt { get; set; }

    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    public static FairForm For(Fair fair, TimeZoneInfo zone) => new()
    {
        PairId = fair.PairId.ToString(), Title = fair.Title, Description = fair.Description,
        StartsAt = Local(fair.StartsAt, zone), EndsAt = Local(fair.EndsAt, zone),
    };

    public static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString(LocalFormat, CultureInfo.InvariantCulture);

    /// <summary>The window, or the fields that are not times (as errors named like the request's fields).</summary>
    public (DateTimeOffset StartsAt, DateTimeOffset EndsAt)? Window(TimeZoneInfo zone, FormErrors errors, IStringLocalizer<CentreText> t)
    {
        var starts = ParseLocal(StartsAt, zone);
        var ends = ParseLocal(EndsAt, zone);
        if (starts is null) errors.Add("startsAt", t["Fair.Error.Time"]);
        if (ends is null) errors.Add("endsAt", t["Fair.Error.Time"]);
        return starts is { } s && ends is { } e ? (s, e) : null;
    }

    /// <summary>A <c>datetime-local</c> value read in the reader's zone; null when it is not one.</summary>
    public static DateTimeOffset? ParseLocal(string? value, TimeZoneInfo zone)
    {
        if (!DateTime.TryParseExact(value?.Trim(), [LocalFormat, "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var local)) return null;
        // Stored as UTC (Npgsql writes timestamptz only from offset 0), as the API's JSON binding gives it.
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
