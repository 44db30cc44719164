namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>
/// Skips called students who did not come into the room within <see cref="QueueLine.CallTimeout"/>,
/// each told why (they may join again). Every node runs it; the update is conditional, so each
/// call expires once however many nodes look at it. Driven by the <see cref="TimeProvider"/>, so
/// tests move the clock instead of waiting.
/// </summary>
internal sealed partial class CallExpiry(IServiceScopeFactory scopes, TimeProvider time, ILogger<CallExpiry> log) : BackgroundService
{
    /// <summary>How often a node looks: a call is skipped at most this long after its 60 seconds.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await ExpireAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(e);
            }
        }
    }

    /// <summary>Skips every call past its time; returns how many.</summary>
    public async Task<int> ExpireAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // 'called' is in the text, not a parameter: a plan made once for this statement still reads the index of calls only (0014).
        var expired = await db.BoothQueueEntries.FromSql($"""
            UPDATE booth_queue_entries SET status = {EntryStatus.Skipped}, reason = {EndReason.CallExpired}, ended_at = {now}
            WHERE status = 'called' AND entered_at IS NULL AND call_expires_at <= {now}
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);
        if (expired.Count == 0) return 0;
        await QueueNotices.EndedAsync(db, time, expired, ct);
        // The recruiters' view drops the call.
        foreach (var booth in expired.Select(e => (e.FairId, e.EmployerId)).Distinct())
            db.Publish(new BoothLineMoved(booth.FairId, booth.EmployerId, BoothLineMoved.NoPlaces), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return expired.Count;
    }

    [LoggerMessage(LogLevel.Warning, "Expiring unanswered calls failed; will retry")]
    private partial void LogFailed(Exception e);
}
