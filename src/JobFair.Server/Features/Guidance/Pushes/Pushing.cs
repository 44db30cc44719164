using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>The rules of pushing positions by major that more than one part of this folder needs.</summary>
public static class Pushing
{
    /// <summary>At most this many pushes reach a graduate in a day; the rest wait for the next day.</summary>
    public const int DailyCap = 5;

    /// <summary>Days begin at midnight in Asia/Shanghai, whatever the graduate's own zone.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZones.Find(null)).DateTime);

    /// <summary>The first instant of the day after the one <paramref name="at"/> falls on.</summary>
    public static DateTimeOffset NextDayStart(DateTimeOffset at)
    {
        var zone = TimeZones.Find(null);
        var next = DayOf(at).AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(next, zone.GetUtcOffset(next));
    }
}
