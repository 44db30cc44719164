namespace JobFair.Server.Features.Accounts;

/// <summary>
/// Times are stored in UTC and shown in the reader's zone: their own IANA zone when they set one,
/// Asia/Shanghai otherwise. Responses carry the zone's name beside the times.
/// </summary>
public static class TimeZones
{
    public const string Default = "Asia/Shanghai";

    // China has kept UTC+8 without daylight saving since 1991: a machine without tzdata still
    // shows the default zone correctly.
    private static readonly TimeZoneInfo Shanghai =
        TimeZoneInfo.TryFindSystemTimeZoneById(Default, out var zone) ? zone
            : TimeZoneInfo.CreateCustomTimeZone(Default, TimeSpan.FromHours(8), Default, Default);

    /// <summary>The zone of that IANA id, or the default one for none or an id this machine does not know.</summary>
    public static TimeZoneInfo Find(string? id) =>
        id is null || id == Default ? Shanghai
            : TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : Shanghai;

    public static bool IsKnown(string? id) =>
        id == Default || (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId);
}
