using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Guidance.Pushes;
using JobFair.Server.Features.Guidance.Reminders;
using JobFair.Server.Features.Stats.Pages;
using JobFair.Server.Web;
using Microsoft.Extensions.Localization;

namespace JobFair.Server.Features.Guidance.Pages;

/// <summary>
/// The tables of a centre's guidance figures (/centre/guidance) and of their CSV downloads, built
/// once from the use cases' answers so that the page and the files say the same.
/// </summary>
public static class GuidanceTables
{
    public const string Employers = "employers";

    public static readonly string[] Keys = ["counsellors", "follow-up", "actions", "key-groups", "push-fairs", "push-majors", Employers];

    /// <summary>What the tables are made from.</summary>
    public sealed record Sources(GetGuidanceFigures.Response Figures, PushFigures Pushes, IReadOnlyList<ListEmployerResponsiveness.Item> Employers);

    /// <summary>Employers per page on the page; the CSV has them all.</summary>
    public const int EmployersPageSize = 20;

    /// <summary>
    /// The sources for the university's centre, through the use cases the API calls: one page of
    /// employers (<paramref name="employersPage"/>), or all of them (null) for the CSV.
    /// </summary>
    public static async Task<Outcome<(Sources Sources, ListEmployerResponsiveness.Listing Employers)>> LoadAsync(GetGuidanceFigures figures, CountPushes pushes,
        ListEmployerResponsiveness responsiveness, CurrentUser caller, Guid universityId, int? employersPage, CancellationToken ct)
    {
        var read = await figures.RunAsync(caller, universityId, ct);
        if (read.IsRefused(out var refusal)) return refusal;
        var pushed = await pushes.ForCentreAsync(caller, universityId, ct);
        if (pushed.IsRefused(out refusal)) return refusal;
        var employers = new List<ListEmployerResponsiveness.Item>();
        ListEmployerResponsiveness.Listing? last = null;
        for (var number = employersPage ?? 1; ; number++)
        {
            var size = employersPage is null ? Paging.MaxPageSize : EmployersPageSize;
            var listed = await responsiveness.RunAsync(caller, universityId, new PageQuery(number, size), ct);
            if (listed.IsRefused(out refusal)) return refusal;
            last = listed.Value;
            employers.AddRange(last.Items);
            if (employersPage is not null || last.Items.Count < size || employers.Count >= last.Total) break;
        }
        return (new Sources(read.Value, pushed.Value, employers), last);
    }

    public static IReadOnlyList<FigureTable> Build(Sources from, IStringLocalizer<GuidanceText> t, Reader reader)
    {
        var f = from.Figures;
        // The university's row first (each graduate once), then each counsellor's, then those nobody looks after.
        var groups = new List<(string Label, GetGuidanceFigures.Figures Figures)> { (t["Figures.University"], f.University) };
        groups.AddRange(f.ByCounsellor.Select(c => (t["Format.NameWith", c.Name, c.Department].Value, c.Figures)));
        groups.Add((t["Figures.NoCounsellor"], f.NoCounsellor));
        var counsellor = t["Figures.Counsellor"].Value;
        return
        [
            new("counsellors", t["Figures.Counsellors"],
                [counsellor, t["Figures.Graduates"], t["Figures.Looking"], t["Figures.Offered"], t["Figures.Signed"]],
                [.. groups.Select(g => new FigureRow(g.Label, [g.Figures.Graduates, g.Figures.Looking, g.Figures.Offered, g.Figures.Signed]))],
                Charted: 1),
            new("follow-up", t["Figures.FollowUp"],
                [counsellor, t["Figures.NotSigned"], t["Figures.Uncontacted"], t["Figures.NeverContacted"]],
                [.. groups.Select(g => new FigureRow(g.Label,
                    [g.Figures.Looking + g.Figures.Offered, g.Figures.Uncontacted, g.Figures.NeverContacted]))],
                Charted: 1),
            new("actions", t["Figures.Actions"],
                [counsellor, t["Figures.OpenActions"], t["Figures.OverdueActions"], t["Figures.WithOverdue"]],
                [.. groups.Select(g => new FigureRow(g.Label, [g.Figures.OpenActions, g.Figures.OverdueActions, g.Figures.WithOverdue]))],
                Charted: 1),
            new("key-groups", t["Figures.KeyGroups"],
                [t["Figures.KeyGroup"], t["Figures.Graduates"], t["Figures.Looking"], t["Figures.Signed"], t["Figures.Uncontacted"],
                    t["Figures.WithOverdue"]],
                [.. f.ByKeyGroup.Select(k => new FigureRow(KeyGroupLabel(k.Code, reader),
                    [k.Figures.Graduates, k.Figures.Looking, k.Figures.Signed, k.Figures.Uncontacted, k.Figures.WithOverdue]))]),
            new("push-fairs", t["Figures.PushFairs"],
                [t["Figures.Fair"], t["Figures.Pushed"], t["Figures.Opened"], t["Figures.Applied"], t["Figures.Waiting"]],
                [.. from.Pushes.ByFair.Select(p => new FigureRow(p.Title, [p.Pushed, p.Opened, p.Applied, p.Waiting]))]),
            new("push-majors", t["Figures.PushMajors"],
                [t["Figures.Major"], t["Figures.Pushed"], t["Figures.Opened"], t["Figures.Applied"], t["Figures.Waiting"]],
                [.. from.Pushes.ByMajor.Select(m => new FigureRow(m.Major, [m.Pushed, m.Opened, m.Applied, m.Waiting]))]),
            new(Employers, t["Figures.Employers"],
                [t["Figures.Employer"], t["Figures.Delivered"], t["Figures.Responded"], t["Figures.Unread"], t["Figures.UnreadAfterReminder"],
                    t["Figures.Overdue"], t["Figures.ResponseRate"]],
                [.. from.Employers.Select(e => new FigureRow(e.Employer.Name,
                    [e.Applications, e.Responded, e.Unread, e.UnreadAfterReminder, e.Overdue, (long)Math.Round((e.ResponseRate ?? 0) * 100)]))],
                Charted: 4),
        ];
    }

    private static string KeyGroupLabel(string code, Reader reader)
    {
        var group = KeyGroups.All.Single(k => k.Code == code);
        return reader.IsEnglish ? group.EnglishLabel : group.Label;
    }
}
