using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Fairs;
using Microsoft.Extensions.Localization;

namespace JobFair.Server.Features.Stats.Pages;

/// <summary>
/// The tables of a pair's dashboard (/centre/pair) and of its CSV downloads: the pair's fairs with
/// their figures (the fair figures read model), and its recorded joint work by kind.
/// </summary>
public static class PairTables
{
    public static readonly string[] Keys = ["fairs", "activities"];

    /// <summary>The pairs the caller's centre belongs to, in batch order (the first is the page's default).</summary>
    public static async Task<List<Universities.Pair>> PairsOfAsync(JobFairDb db, CurrentUser caller, CancellationToken ct)
    {
        var universityId = await caller.CentreUniversityAsync(ct);
        return await db.Pairs.AsNoTracking().Include(p => p.Supported).Include(p => p.Supporting)
            .Where(p => p.SupportedId == universityId || p.SupportingId == universityId)
            .OrderBy(p => p.Batch).ThenBy(p => p.Seq).ToListAsync(ct);
    }

    public static async Task<IReadOnlyList<FigureTable>> LoadAsync(JobFairDb db, GetPairStats pairStats, Guid pairId,
        IStringLocalizer<StatsText> t, CancellationToken ct)
    {
        // Drafts are the hosts' work in progress; their figures are all zero and they are not yet the pair's fairs.
        var fairs = await db.Fairs.AsNoTracking().Where(f => f.PairId == pairId && f.Status != FairStatus.Draft)
            .OrderBy(f => f.StartsAt).ThenBy(f => f.Id)
            .Select(f => new { f.Title, Figures = db.FairStats.FirstOrDefault(s => s.FairId == f.Id) })
            .ToListAsync(ct);
        var stats = await pairStats.RunAsync(pairId, ct);
        var activities = stats.IsRefused(out _) ? null : stats.Value.Activities;
        return
        [
            new("fairs", t["Pair.Fairs"],
                [t["Pair.Fair"], t["Figure.Employers"], t["Figure.Positions"], t["Figure.Applications"], t["Figure.InterviewsBooked"],
                    t["Figure.Offers"], t["Figure.Signed"]],
                [.. fairs.Select(f => new FigureRow(f.Title, f.Figures is null ? [0, 0, 0, 0, 0, 0]
                    : [f.Figures.Employers, f.Figures.Positions, f.Figures.Applications, f.Figures.InterviewsBooked, f.Figures.Offers, f.Figures.Signed]))],
                Charted: 2),
            new("activities", t["Pair.Activities"], [t["Pair.Kind"], t["Pair.Count"]],
                activities is null ? [] :
                [
                    new(t["Pair.Kind.meeting"], [activities.Meetings]), new(t["Pair.Kind.course"], [activities.Courses]),
                    new(t["Pair.Kind.camp"], [activities.Camps]), new(t["Pair.Kind.agreement"], [activities.Agreements]),
                    new(t["Pair.Kind.other"], [activities.Other]),
                ]),
        ];
    }
}
