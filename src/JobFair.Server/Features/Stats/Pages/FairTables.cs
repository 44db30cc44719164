using JobFair.Server.Web;
using Microsoft.Extensions.Localization;

namespace JobFair.Server.Features.Stats.Pages;

/// <summary>The tables of a fair's dashboard (/centre/fairs/{id}) and of its CSV downloads.</summary>
public static class FairTables
{
    public static readonly string[] Keys = ["funnel", "interviews", "universities", "days", "majors"];

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
        new("interviews", t["Dashboard.Interviews"], [t["Dashboard.Outcome"], t["Dashboard.Count"]],
        [
            new(t["Dashboard.Interviews.Booked"], [breakdown.Interviews.Booked]),
            new(t["Dashboard.Interviews.Completed"], [breakdown.Interviews.Completed]),
            new(t["Dashboard.Interviews.NoShow"], [breakdown.Interviews.NoShow]),
            new(t["Dashboard.Interviews.Cancelled"], [breakdown.Interviews.Cancelled]),
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
