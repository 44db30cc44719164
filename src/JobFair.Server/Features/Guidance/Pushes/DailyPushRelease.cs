namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>
/// At the start of each day (Asia/Shanghai) the pushes that waited for the new allowances go out,
/// once across nodes: the node that records the day in <c>push_releases</c> does it, the others
/// leave it. A release that started and never finished (its node died) is taken over after
/// <see cref="Lease"/>. A node starting late in the day does that day's release if nobody has.
/// </summary>
internal sealed partial class DailyPushRelease(IServiceScopeFactory scopes, NodeIdentity node, TimeProvider time,
    ILogger<DailyPushRelease> log) : BackgroundService
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = Pushing.NextDayStart(time.GetUtcNow());
            try
            {
                // Someone else's release still running: look again once its lease may have run out.
                if (await RunAsync(stoppingToken) is false && await UnfinishedAsync(stoppingToken))
                    next = Min(next, time.GetUtcNow() + Lease);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(e);
                next = Min(next, time.GetUtcNow() + TimeSpan.FromMinutes(1));
            }
            var wait = next - time.GetUtcNow();
            try { if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Releases today's waiting pushes if no other node has taken the day; whether this node did.</summary>
    public async Task<bool> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        var now = time.GetUtcNow();
        var day = Pushing.DayOf(now);
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO push_releases (day, node, started_at, released) VALUES ({day}, {node.Id}, {now}, 0)
            ON CONFLICT (day) DO UPDATE SET node = excluded.node, started_at = excluded.started_at
            WHERE push_releases.finished_at IS NULL AND push_releases.started_at < {now - Lease}
            """, ct);
        if (claimed == 0) return false;

        var releaser = scope.ServiceProvider.GetRequiredService<PushReleaser>();
        var released = 0;
        var after = Guid.Empty;
        while (true)
        {
            // Every graduate with something waiting, a batch at a time (the partial index holds only waiting rows).
            var students = await db.Database.SqlQuery<Guid>($"""
                SELECT DISTINCT student_id AS "Value" FROM recommendations
                WHERE pushed_at IS NULL AND student_id > {after} ORDER BY 1 LIMIT {PushReleaser.BatchSize}
                """).ToListAsync(ct);
            if (students.Count == 0) break;
            released += await releaser.ReleaseAsync(students, ct);
            after = students[^1];
        }
        await db.PushReleases.Where(r => r.Day == day && r.Node == node.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.FinishedAt, time.GetUtcNow()).SetProperty(r => r.Released, released), ct);
        LogReleased(day, released);
        return true;
    }

    private async Task<bool> UnfinishedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var day = Pushing.DayOf(time.GetUtcNow());
        return await scope.ServiceProvider.GetRequiredService<JobFairDb>().PushReleases.AnyAsync(r => r.Day == day && r.FinishedAt == null, ct);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(LogLevel.Information, "Pushes of {Day}: {Released} waiting recommendations released")]
    private partial void LogReleased(DateOnly day, int released);

    [LoggerMessage(LogLevel.Warning, "Releasing the day's waiting pushes failed; will try again")]
    private partial void LogFailed(Exception e);
}
