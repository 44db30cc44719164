using JobFair.Server.Features.Fairs;

namespace JobFair.Server.Features.Stats;

/// <summary>A pair's or a batch's recorded joint activities, by kind, and how many took part.</summary>
public sealed record Activities(int Meetings, int Courses, int Camps, int Agreements, int Other, long Participants);

/// <summary>Fair figures added up over published and closed fairs.</summary>
public sealed record Figures(int Fairs, int Employers, long Positions, long Openings, long Applicants, long Applications,
    long InterviewsInvited, long InterviewsBooked, long Offers, long Signed);

/// <summary>
/// Pair and national figures are sums over fairs' figures, as the Ministry reported them: an
/// employer or posting in two fairs counts in each. One query per source, grouped by pair; a
/// batch's or the nation's figures are its pairs' figures added up (<see cref="GetNationalStats.Of"/>).
/// </summary>
internal static class PairFigures
{
    private sealed record FigureRow(Guid PairId, int Batch, int Fairs, int Employers, long Positions, long Openings, long Applicants,
        long Applications, long InterviewsInvited, long InterviewsBooked, long Offers, long Signed);

    private sealed record ActivityRow(Guid PairId, string Kind, int Count, long Participants);

    /// <summary>Published and closed fairs' figures and recorded activities, per pair (one pair, or every pair), in two queries.</summary>
    public static async Task<List<(Guid PairId, int Batch, Activities Activities, Figures Figures)>> CountAsync(JobFairDb db,
        Guid? pairId, CancellationToken ct)
    {
        // One pair's figures are the same statement with the pair's filter composed around it (PostgreSQL moves the filter
        // inside, before the grouping): a statement for either case, each planned for its case.
        var figures = db.Database.SqlQuery<FigureRow>($"""
            SELECT p.id AS "PairId", p.batch AS "Batch", count(f.id)::int AS "Fairs",
                   coalesce(sum(s.employers), 0)::int AS "Employers", coalesce(sum(s.positions), 0)::bigint AS "Positions",
                   coalesce(sum(s.openings), 0)::bigint AS "Openings", coalesce(sum(s.applicants), 0)::bigint AS "Applicants",
                   coalesce(sum(s.applications), 0)::bigint AS "Applications",
                   coalesce(sum(s.interviews_invited), 0)::bigint AS "InterviewsInvited",
                   coalesce(sum(s.interviews_booked), 0)::bigint AS "InterviewsBooked",
                   coalesce(sum(s.offers), 0)::bigint AS "Offers", coalesce(sum(s.signed), 0)::bigint AS "Signed"
            FROM pairs p
            LEFT JOIN fairs f ON f.pair_id = p.id AND f.status <> {FairStatus.Draft}
            LEFT JOIN fair_stats s ON s.fair_id = f.id
            GROUP BY p.id, p.batch
            """);
        var activities = db.Database.SqlQuery<ActivityRow>($"""
            SELECT a.pair_id AS "PairId", a.kind AS "Kind", count(*)::int AS "Count", coalesce(sum(a.participants), 0)::bigint AS "Participants"
            FROM pair_activities a
            GROUP BY a.pair_id, a.kind
            """);
        if (pairId is { } one)
        {
            figures = figures.Where(f => f.PairId == one);
            activities = activities.Where(a => a.PairId == one);
        }
        var byPair = (await activities.ToListAsync(ct)).ToLookup(a => a.PairId);
        return (await figures.ToListAsync(ct)).Select(f =>
        {
            var kinds = byPair[f.PairId].ToList();
            int Count(string kind) => kinds.Where(a => a.Kind == kind).Sum(a => a.Count);
            return (f.PairId, f.Batch,
                new Activities(Count("meeting"), Count("course"), Count("camp"), Count("agreement"), Count("other"), kinds.Sum(a => a.Participants)),
                new Figures(f.Fairs, f.Employers, f.Positions, f.Openings, f.Applicants, f.Applications, f.InterviewsInvited,
                    f.InterviewsBooked, f.Offers, f.Signed));
        }).ToList();
    }

    public static Activities Sum(IEnumerable<Activities> all) => all.Aggregate(new Activities(0, 0, 0, 0, 0, 0), (a, b) =>
        new(a.Meetings + b.Meetings, a.Courses + b.Courses, a.Camps + b.Camps, a.Agreements + b.Agreements, a.Other + b.Other,
            a.Participants + b.Participants));

    public static Figures Sum(IEnumerable<Figures> all) => all.Aggregate(new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), (a, b) =>
        new(a.Fairs + b.Fairs, a.Employers + b.Employers, a.Positions + b.Positions, a.Openings + b.Openings,
            a.Applicants + b.Applicants, a.Applications + b.Applications, a.InterviewsInvited + b.InterviewsInvited,
            a.InterviewsBooked + b.InterviewsBooked, a.Offers + b.Offers, a.Signed + b.Signed));
}
