using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Notifications;
using JobFair.Server.Features.Notifications.Pages;
using JobFair.Server.Features.Positions;
using Microsoft.Extensions.Localization;

namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>
/// Lets waiting recommendations through to their graduates, as many as each one's allowance for
/// today leaves (<see cref="Pushing.DailyCap"/>), best first: exact matches before category
/// matches, then the most recently shared. Each one let through becomes a stored notification of
/// kind <c>position_recommended</c>, pushed live. Works in batches of graduates, one transaction
/// each, with set-based statements. Safe to run again and on several nodes at once: a graduate's
/// day row is locked before their waiting rows are chosen, and the database keeps the day's count
/// within the cap.
/// </summary>
public sealed class PushReleaser(JobFairDb db, TimeProvider time, IStringLocalizer<NotificationsText> t)
{
    public const int BatchSize = 500;

    /// <summary>A recommendation let through; property names are the SQL column aliases.</summary>
    private sealed record Released(Guid Id, Guid StudentId, Guid PositionId, string Match, string Major, string? Category);

    private sealed record Addressee(Guid Id, Guid UserId, string Title, string EmployerName);

    /// <summary>Releases what waits for these graduates; returns how many recommendations went out.</summary>
    public async Task<int> ReleaseAsync(IEnumerable<Guid> studentIds, CancellationToken ct)
    {
        var released = 0;
        foreach (var batch in studentIds.Distinct().Order().Chunk(BatchSize))
            released += await db.RetryAsync(() => ReleaseBatchAsync(batch, ct));
        return released;
    }

    private async Task<int> ReleaseBatchAsync(Guid[] students, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var day = Pushing.DayOf(now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // First each graduate's row for today, in one order, so that releases running side by side
        // queue behind each other per graduate instead of deadlocking.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO push_days (student_id, day, pushed)
            SELECT DISTINCT r.student_id, {day}, 0 FROM recommendations r
            WHERE r.pushed_at IS NULL AND r.student_id = ANY ({students})
            ORDER BY 1
            ON CONFLICT (student_id, day) DO UPDATE SET pushed = push_days.pushed
            """, ct);
        // What can no longer go out goes: the position closed or its fair ended, the graduate
        // signed, applied to it meanwhile, muted pushes or gave up their account's claim.
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM recommendations r
            WHERE r.pushed_at IS NULL AND r.student_id = ANY ({students})
              AND (EXISTS (SELECT 1 FROM positions p WHERE p.id = r.position_id
                           AND (p.status <> {PositionStatus.Open} OR p.closes_at <= {now}))
                   OR EXISTS (SELECT 1 FROM fairs f WHERE f.id = r.fair_id AND (f.status <> {FairStatus.Published} OR f.ends_at <= {now}))
                   OR EXISTS (SELECT 1 FROM applications a WHERE a.student_id = r.student_id
                              AND (a.status = {ApplicationStatus.Signed} OR a.position_id = r.position_id))
                   OR EXISTS (SELECT 1 FROM push_preferences pp WHERE pp.student_id = r.student_id AND pp.muted)
                   OR EXISTS (SELECT 1 FROM students s WHERE s.id = r.student_id AND s.user_id IS NULL))
            """, ct);
        var released = await db.Database.SqlQuery<Released>($"""
            WITH ranked AS (
                SELECT r.id, d.pushed,
                       row_number() OVER (PARTITION BY r.student_id
                                          ORDER BY r.match = {MatchKinds.Exact} DESC, r.shared_at DESC, r.id) AS n
                FROM recommendations r JOIN push_days d ON d.student_id = r.student_id AND d.day = {day}
                WHERE r.pushed_at IS NULL AND r.student_id = ANY ({students})
            )
            UPDATE recommendations r SET pushed_at = {now}
            FROM ranked WHERE r.id = ranked.id AND ranked.n <= {Pushing.DailyCap} - ranked.pushed
            RETURNING r.id AS "Id", r.student_id AS "StudentId", r.position_id AS "PositionId", r.match AS "Match",
                      r.major AS "Major", r.category AS "Category"
            """).ToListAsync(ct);
        if (released.Count == 0)
        {
            await tx.CommitAsync(ct);
            return 0;
        }
        await db.Database.ExecuteSqlAsync($"""
            UPDATE push_days d SET pushed = d.pushed + c.n
            FROM (SELECT student_id, count(*)::int AS n FROM unnest({released.Select(r => r.StudentId).ToArray()}) AS x(student_id)
                  GROUP BY student_id) c
            WHERE d.student_id = c.student_id AND d.day = {day}
            """, ct);
        await NotifyAsync(released, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return released.Count;
    }

    private async Task NotifyAsync(List<Released> released, DateTimeOffset now, CancellationToken ct)
    {
        var ids = released.Select(r => r.Id).ToList();
        var to = await db.Recommendations.Where(r => ids.Contains(r.Id))
            .Join(db.Students.Where(s => s.UserId != null), r => r.StudentId, s => s.Id, (r, s) => new { r, s.UserId })
            .Join(db.Positions, x => x.r.PositionId, p => p.Id, (x, p) => new Addressee(x.r.Id, x.UserId!.Value, p.Title, p.EmployerName))
            .ToDictionaryAsync(a => a.Id, ct);
        // Stored in Chinese with what it was made from, so that a list read in English says it in English.
        foreach (var r in released)
        {
            if (!to.TryGetValue(r.Id, out var a)) continue;
            var parameters = NotificationTexts.Store(new RecommendedNotice(a.EmployerName, a.Title, r.Match, r.Major, r.Category));
            var (title, body) = NotificationTexts.WriteInChinese(t, NotificationKinds.PositionRecommended, parameters);
            db.Notify(time, a.UserId, NotificationKinds.PositionRecommended, title, body, $"/positions/{r.PositionId}", now, parameters);
        }
    }
}
