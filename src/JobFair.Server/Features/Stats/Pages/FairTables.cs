using JobFair.Server.Web;
using Microsoft.Extensions.Localization;

namespace JobFair.Server.Features.Stats.Pages;

/// <summary>The tables of a fair's dashboard (/centre/fairs/{id}) and of its CSV downloads.</summary>
public static class FairTables
{
    public static readonly string[] Keys = ["funnel", "universities", "days", "majors"];

    public static IReadOnlyList<FigureTable> Build(FairStatsResponse stats, GetFairBreakdown.Breakdown breakdown,
        IStringLocalizer<StatsText> t, Reader reader) =>
    [
        new("funnel", t["Dashboard.Funnel"], [t["Dashboard.Step"], t["Dashboard.Count"]],
        [
            new(t["Figure.Applications"], [stats.Applications]),
            new(t["Figure.InterviewsInvited"], [stats.InterviewsInvited]),
            new(t["Figure.InterviewsBooked"], [stats.InterviewsBooked]),
            new(t["Figure.Offers"], [stats.Offers]),
            new(t["Figure.Signed"], [stats.Signed]),
        ]),
        new("universities", t["Dashboard.ByUniversity"],
            [t["Dashboard.University"], t["Figure.Applicants"], t["Figure.Applications"], t["Figure.Signed"]],
            [.. stats.ByUniversity.Select(u => new FigureRow(u.Name, [u.Applicants, u.Applications, u.Signed]))], Charted: 1),
        new("days", t["Dashboard.ByDay"], [t["Dashboard.Day"], t["Figure.Applications"], t["Figure.Applicants"]],
            [.. breakdown.ByDay.Select(d => new FigureRow(reader.Day(new DateTimeOffset(d.Date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8))),
                d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), [d.Applications, d.Applicants]))]),
        new("majors", t["Dashboard.ByMajor"], [t["Dashboard.Major"], t["Figure.Applicants"], t["Figure.Applications"], t["Figure.Signed"]],
            [.. breakdown.ByMajor.Select(m => new FigureRow(m.Name == GetFairBreakdown.OtherMajors ? t["Dashboard.OtherMajors"] : m.Name,
                [m.Applicants, m.Applications, m.Signed]))], Charted: 1),
    ];
}
