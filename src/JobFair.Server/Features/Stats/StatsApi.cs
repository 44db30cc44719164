using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Fairs;

namespace JobFair.Server.Features.Stats;

/// <summary>
/// A fair's figures from the read model; a pair's and the nation's added up from the fairs'
/// figures and the pairs' recorded activities. Pair and national figures are sums over fairs, as
/// the Ministry reported them: an employer or posting in two fairs counts in each.
/// </summary>
internal static class StatsApi
{
    public sealed record Activities(int Meetings, int Courses, int Camps, int Agreements, int Other, long Participants);

    public sealed record Figures(int Fairs, int Employers, long Positions, long Openings, long Applicants, long Applications,
        long InterviewsInvited, long InterviewsBooked, long Offers, long Signed);

    public sealed record PairStats(Guid PairId, int Batch, int? Seq, string Supported, string Supporting, Activities Activities,
        Figures Figures);

    public sealed record BatchStats(int Batch, int Pairs, int PairsWithFairs, Activities Activities, Figures Figures);

    public sealed record NationalStats(int Pairs, int PairsWithFairs, Activities Activities, Figures Figures, IReadOnlyList<BatchStats> ByBatch);

    public static IServiceCollection AddFairStats(this IServiceCollection services)
    {
        services.AddOptions<StatsOptions>().BindConfiguration("Stats");
        services.AddSingleton<StatsSignal>();
        services.AddSingleton<FairStatsRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<FairStatsRefresher>());
        return services;
    }

    public static void MapStats(this IEndpointRouteBuilder app)
    {
        var stats = app.MapGroup("").WithTags("Statistics");
        stats.MapGet("/api/fairs/{id:guid}/stats", Fair)
            .WithSummary("A fair's figures, split by host university; updated within about a second of each change.");
        stats.MapGet("/api/pairs/{id:guid}/stats", Pair)
            .WithSummary("A pair's figures: its published fairs added up, and its recorded joint activities.");
        stats.MapGet("/api/stats/national", National)
            .WithSummary("Figures across all pairs (一帮一), in total and by batch: pairs, fairs, meetings, employers, postings, " +
                         "openings, resume deliveries, interviews and signings.");
    }

    private static async Task<Results<Ok<FairStatsResponse>, ProblemHttpResult>> Fair(
        Guid id, CurrentUser current, JobFairDb db, CancellationToken ct) =>
        await db.IsVisibleAsync(id, current, ct) ? TypedResults.Ok(await LoadAsync(db, id, ct)) : Problem.NotFound("fair");

    /// <summary>A fair's figures as last counted; zeros with both hosts before the first count.</summary>
    public static async Task<FairStatsResponse> LoadAsync(JobFairDb db, Guid fairId, CancellationToken ct)
    {
        var figures = await db.FairStats.AsNoTracking().SingleOrDefaultAsync(f => f.FairId == fairId, ct)
                      ?? new FairFigures { FairId = fairId };
        var pair = await db.Fairs.Where(f => f.Id == fairId)
            .Select(f => new { SupportedId = f.Pair.Supported.Id, Supported = f.Pair.Supported.Name, SupportingId = f.Pair.Supporting.Id, Supporting = f.Pair.Supporting.Name })
            .SingleAsync(ct);
        var hosts = new[] { (Id: pair.SupportedId, Name: pair.Supported), (Id: pair.SupportingId, Name: pair.Supporting) };
        var counted = await db.FairUniversityStats.AsNoTracking().Where(u => u.FairId == fairId).ToDictionaryAsync(u => u.UniversityId, ct);
        var byUniversity = hosts.Select(h => counted.TryGetValue(h.Id, out var u)
            ? new UniversityStats(h.Id, h.Name, u.Applicants, u.Applications, u.Signed)
            : new UniversityStats(h.Id, h.Name, 0, 0, 0)).ToList();
        return new FairStatsResponse(fairId, figures.Employers, figures.Positions, figures.Openings, figures.Applicants,
            figures.Applications, figures.InterviewsInvited, figures.InterviewsBooked, figures.Offers, figures.Signed, byUniversity,
            figures.Version, figures.RefreshedAt);
    }

    private static async Task<Results<Ok<PairStats>, ProblemHttpResult>> Pair(Guid id, JobFairDb db, CancellationToken ct)
    {
        var pair = await db.Pairs.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new { p.Batch, p.Seq, Supported = p.Supported.Name, Supporting = p.Supporting.Name }).SingleOrDefaultAsync(ct);
        if (pair is null) return Problem.NotFound("pair");
        var (_, activities, figures) = (await ByBatchAsync(db, id, ct)).Single();
        return TypedResults.Ok(new PairStats(id, pair.Batch, pair.Seq, pair.Supported, pair.Supporting, activities, figures));
    }

    private static async Task<Ok<NationalStats>> National(JobFairDb db, CancellationToken ct)
    {
        var batches = await ByBatchAsync(db, null, ct);
        var pairs = await db.Pairs.GroupBy(p => p.Batch)
            .Select(g => new { Batch = g.Key, Pairs = g.Count(), WithFairs = g.Count(p => db.Fairs.Any(f => f.PairId == p.Id && f.Status != FairStatus.Draft)) })
            .ToDictionaryAsync(x => x.Batch, ct);
        var byBatch = batches.Select(b => new BatchStats(b.Batch, pairs[b.Batch].Pairs, pairs[b.Batch].WithFairs, b.Activities, b.Figures))
            .OrderBy(b => b.Batch).ToList();
        return TypedResults.Ok(new NationalStats(byBatch.Sum(b => b.Pairs), byBatch.Sum(b => b.PairsWithFairs),
            Sum(byBatch.Select(b => b.Activities)), Sum(byBatch.Select(b => b.Figures)), byBatch));
    }

    private sealed record FigureRow(int Batch, int Fairs, int Employers, long Positions, long Openings, long Applicants,
        long Applications, long InterviewsInvited, long InterviewsBooked, long Offers, long Signed);

    private sealed record ActivityRow(int Batch, string Kind, int Count, long Participants);

    /// <summary>Published and closed fairs' figures and recorded activities, per batch (of one pair, or of all).</summary>
    private static async Task<List<(int Batch, Activities Activities, Figures Figures)>> ByBatchAsync(JobFairDb db, Guid? pairId,
        CancellationToken ct)
    {
        var figures = await db.Database.SqlQuery<FigureRow>($"""
            SELECT p.batch AS "Batch", count(f.id)::int AS "Fairs",
                   coalesce(sum(s.employers), 0)::int AS "Employers", coalesce(sum(s.positions), 0)::bigint AS "Positions",
                   coalesce(sum(s.openings), 0)::bigint AS "Openings", coalesce(sum(s.applicants), 0)::bigint AS "Applicants",
                   coalesce(sum(s.applications), 0)::bigint AS "Applications",
                   coalesce(sum(s.interviews_invited), 0)::bigint AS "InterviewsInvited",
                   coalesce(sum(s.interviews_booked), 0)::bigint AS "InterviewsBooked",
                   coalesce(sum(s.offers), 0)::bigint AS "Offers", coalesce(sum(s.signed), 0)::bigint AS "Signed"
            FROM pairs p
            LEFT JOIN fairs f ON f.pair_id = p.id AND f.status <> {FairStatus.Draft}
            LEFT JOIN fair_stats s ON s.fair_id = f.id
            WHERE {pairId}::uuid IS NULL OR p.id = {pairId}
            GROUP BY p.batch
            """).ToListAsync(ct);
        var activities = await db.Database.SqlQuery<ActivityRow>($"""
            SELECT p.batch AS "Batch", a.kind AS "Kind", count(*)::int AS "Count", coalesce(sum(a.participants), 0)::bigint AS "Participants"
            FROM pair_activities a JOIN pairs p ON p.id = a.pair_id
            WHERE {pairId}::uuid IS NULL OR p.id = {pairId}
            GROUP BY p.batch, a.kind
            """).ToListAsync(ct);
        return figures.Select(f =>
        {
            var kinds = activities.Where(a => a.Batch == f.Batch).ToList();
            int Count(string kind) => kinds.Where(a => a.Kind == kind).Sum(a => a.Count);
            return (f.Batch,
                new Activities(Count("meeting"), Count("course"), Count("camp"), Count("agreement"), Count("other"), kinds.Sum(a => a.Participants)),
                new Figures(f.Fairs, f.Employers, f.Positions, f.Openings, f.Applicants, f.Applications, f.InterviewsInvited,
                    f.InterviewsBooked, f.Offers, f.Signed));
        }).ToList();
    }

    private static Activities Sum(IEnumerable<Activities> all) => all.Aggregate(new Activities(0, 0, 0, 0, 0, 0), (a, b) =>
        new(a.Meetings + b.Meetings, a.Courses + b.Courses, a.Camps + b.Camps, a.Agreements + b.Agreements, a.Other + b.Other,
            a.Participants + b.Participants));

    private static Figures Sum(IEnumerable<Figures> all) => all.Aggregate(new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), (a, b) =>
        new(a.Fairs + b.Fairs, a.Employers + b.Employers, a.Positions + b.Positions, a.Openings + b.Openings,
            a.Applicants + b.Applicants, a.Applications + b.Applications, a.InterviewsInvited + b.InterviewsInvited,
            a.InterviewsBooked + b.InterviewsBooked, a.Offers + b.Offers, a.Signed + b.Signed));
}
