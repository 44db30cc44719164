using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Interviews;
using JobFair.Server.Features.Positions;
using Microsoft.Extensions.Options;

namespace JobFair.Server.Features.Stats;

public sealed class StatsOptions
{
    /// <summary>A fair's figures are counted (and sent to its watchers) at most this often.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>How often to look for stale fairs marked on other nodes, or that became due.</summary>
    public TimeSpan Poll { get; set; } = TimeSpan.FromMilliseconds(200);
}

internal static class FairStatsSetup
{
    /// <summary>The refresher, one per node, and the signal that wakes it when a fair became stale here.</summary>
    public static IServiceCollection AddFairStats(this IServiceCollection services)
    {
        services.AddOptions<StatsOptions>().BindConfiguration("Stats");
        services.AddSingleton<StatsSignal>();
        services.AddSingleton<FairStatsRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<FairStatsRefresher>());
        return services;
    }
}

/// <summary>
/// Counts stale fairs again from the source tables and publishes the figures (FairStatsChanged,
/// sent live as <c>fairStats</c>). A fair is stale while it has <see cref="FairStatsMark"/>s; however
/// many changes it sees, it is counted at most once per <see cref="StatsOptions.MinInterval"/>, always
/// with the latest figures, and the marks it had are deleted by the count. Safe on several nodes: a
/// fair is taken with FOR UPDATE SKIP LOCKED and its last count time is checked under that lock. Time alone changes one figure: a posting stops counting as open when its closing date
/// passes. So a count leaves the fair due again at the next closing date among the postings it
/// counted as open, and the figures drop then without waiting for an event.
/// </summary>
internal sealed partial class FairStatsRefresher(IServiceScopeFactory scopes, TimeProvider time, StatsSignal signal,
    IOptions<StatsOptions> options, ILogger<FairStatsRefresher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RefreshNextAsync(stoppingToken)) { }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(e);
            }
            try { await signal.WaitAsync(options.Value.Poll, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Counts one due stale fair; false when none is due.</summary>
    public async Task<bool> RefreshNextAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        var now = time.GetUtcNow();
        var due = now - options.Value.MinInterval;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Due: marked (something counted changed), or past a closing date; oldest first. Only the
        // refresher locks a fair_stats row, so SKIP LOCKED passes over a fair another node is counting.
        var fairId = (await db.Database.SqlQuery<Guid>($"""
                SELECT s.fair_id AS "Value"
                FROM fair_stats s
                JOIN (SELECT fair_id, min(marked_at) AS since FROM fair_stats_marks GROUP BY fair_id
                      UNION ALL
                      SELECT fair_id, stale_since FROM fair_stats WHERE stale_since <= {now}) stale ON stale.fair_id = s.fair_id
                WHERE s.refreshed_at IS NULL OR s.refreshed_at <= {due}
                ORDER BY stale.since LIMIT 1
                FOR UPDATE OF s SKIP LOCKED
                """).ToListAsync(ct)).SingleOrDefault();
        if (fairId == Guid.Empty)
        {
            await tx.RollbackAsync(ct);
            return await AddMarkedFairsAsync(db, ct) > 0;
        }

        // The marks are taken before counting: this statement's snapshot is older than the counts', so every
        // change whose mark goes here is counted (a mark is written only after its change committed). Marks
        // committed from now on stay, and make the fair due again after MinInterval.
        await db.FairStatsMarks.Where(m => m.FairId == fairId).ExecuteDeleteAsync(ct);
        var figures = await CountAsync(db, fairId, now, ct);
        var version = await db.FairStats.Where(f => f.FairId == fairId).Select(f => f.Version).SingleAsync(ct) + 1;
        await db.FairStats.Where(f => f.FairId == fairId).ExecuteUpdateAsync(s => s
            .SetProperty(f => f.Employers, figures.Employers)
            .SetProperty(f => f.Positions, figures.Positions)
            .SetProperty(f => f.Openings, figures.Openings)
            .SetProperty(f => f.Applicants, figures.Applicants)
            .SetProperty(f => f.Applications, figures.Applications)
            .SetProperty(f => f.InterviewsInvited, figures.InterviewsInvited)
            .SetProperty(f => f.InterviewsBooked, figures.InterviewsBooked)
            .SetProperty(f => f.Offers, figures.Offers)
            .SetProperty(f => f.Signed, figures.Signed)
            .SetProperty(f => f.StaleSince, figures.NextClosing)
            .SetProperty(f => f.RefreshedAt, now)
            .SetProperty(f => f.Version, version), ct);
        var byUniversity = await CountByUniversityAsync(db, fairId, ct);
        await db.FairUniversityStats.Where(u => u.FairId == fairId).ExecuteDeleteAsync(ct);
        db.FairUniversityStats.AddRange(byUniversity.Select(u => new FairUniversityFigures
        {
            FairId = fairId, UniversityId = u.UniversityId, Applicants = u.Applicants, Applications = u.Applications, Signed = u.Signed,
        }));
        db.Publish(new FairStatsChanged(figures.ToResponse(fairId, byUniversity, version, now)), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// A fair marked before it has figures (just created, or written without them) gets its row, due at once.
    /// Done apart from counting, so two nodes adding the same fair wait on each other only for this insert.
    /// </summary>
    private static async Task<int> AddMarkedFairsAsync(JobFairDb db, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO fair_stats (fair_id, employers, positions, openings, applicants, applications, interviews_invited,
                interviews_booked, offers, signed, version)
            SELECT DISTINCT m.fair_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
            FROM fair_stats_marks m
            WHERE NOT EXISTS (SELECT 1 FROM fair_stats s WHERE s.fair_id = m.fair_id)
            ON CONFLICT (fair_id) DO NOTHING
            """, ct);

    /// <summary>The figures as counted, and the earliest closing date still ahead among the open postings counted.</summary>
    internal sealed record Counted(int Employers, int Positions, long Openings, int Applicants, int Applications,
        int InterviewsInvited, int InterviewsBooked, int Offers, int Signed, DateTimeOffset? NextClosing)
    {
        public FairStatsResponse ToResponse(Guid fairId, IReadOnlyList<UniversityStats> byUniversity, long version, DateTimeOffset at) =>
            new(fairId, Employers, Positions, Openings, Applicants, Applications, InterviewsInvited, InterviewsBooked, Offers, Signed,
                byUniversity, version, at);
    }

    /// <summary>The contract's definitions, counted from the source tables; a suspended employer and its postings do not count.</summary>
    private static async Task<Counted> CountAsync(JobFairDb db, Guid fairId, DateTimeOffset now, CancellationToken ct)
    {
        return (await db.Database.SqlQuery<Counted>($"""
            SELECT
              (SELECT count(*) FROM participations pa WHERE pa.fair_id = {fairId} AND pa.status = {ParticipationStatus.Approved}
                 AND NOT EXISTS (SELECT 1 FROM employers e WHERE e.id = pa.employer_id AND e.suspended_at IS NOT NULL))::int AS "Employers",
              open.positions AS "Positions", open.openings AS "Openings",
              apps.applicants AS "Applicants", apps.applications AS "Applications",
              steps.invited AS "InterviewsInvited",
              (SELECT count(*) FROM interview_bookings WHERE fair_id = {fairId} AND status = {BookingStatus.Booked})::int AS "InterviewsBooked",
              steps.offered AS "Offers", apps.signed AS "Signed", open.next_closing AS "NextClosing"
            FROM
              (SELECT count(*)::int AS positions, coalesce(sum(p.openings), 0)::bigint AS openings, min(p.closes_at) AS next_closing
               FROM position_fairs pf JOIN positions p ON p.id = pf.position_id
               WHERE pf.fair_id = {fairId} AND p.status = {PositionStatus.Open} AND (p.closes_at IS NULL OR p.closes_at > {now})
                 AND NOT EXISTS (SELECT 1 FROM employers e WHERE e.id = p.employer_id AND e.suspended_at IS NOT NULL)) AS open,
              (SELECT count(DISTINCT student_id)::int AS applicants, count(*)::int AS applications,
                      count(*) FILTER (WHERE status = {ApplicationStatus.Signed})::int AS signed
               FROM applications WHERE fair_id = {fairId}) AS apps,
              (SELECT count(DISTINCT t.application_id) FILTER (WHERE t.to_status = {ApplicationStatus.InterviewInvited})::int AS invited,
                      count(DISTINCT t.application_id) FILTER (WHERE t.to_status = {ApplicationStatus.Offered})::int AS offered
               FROM application_transitions t JOIN applications a ON a.id = t.application_id
               WHERE a.fair_id = {fairId} AND t.to_status IN ({ApplicationStatus.InterviewInvited}, {ApplicationStatus.Offered})) AS steps
            """).ToListAsync(ct)).Single();
    }

    /// <summary>One row per host university, in the pair's order (supported first), zeros included.</summary>
    private static async Task<List<UniversityStats>> CountByUniversityAsync(JobFairDb db, Guid fairId, CancellationToken ct) =>
        await db.Database.SqlQuery<UniversityStats>($"""
            SELECT u.id AS "UniversityId", u.name AS "Name",
                   count(DISTINCT a.student_id)::int AS "Applicants", count(a.id)::int AS "Applications",
                   count(a.id) FILTER (WHERE a.status = {ApplicationStatus.Signed})::int AS "Signed"
            FROM fairs f JOIN pairs p ON p.id = f.pair_id
            JOIN LATERAL (VALUES (p.supported_id, 0), (p.supporting_id, 1)) AS host(id, ord) ON true
            JOIN universities u ON u.id = host.id
            LEFT JOIN applications a ON a.fair_id = f.id AND a.university_id = host.id
            WHERE f.id = {fairId}
            GROUP BY u.id, u.name, host.ord
            ORDER BY host.ord
            """).ToListAsync(ct);

    [LoggerMessage(LogLevel.Error, "Counting fair figures failed; will try again")]
    private partial void LogFailed(Exception e);
}
