namespace JobFair.Server.Features.Fairs;

/// <summary>
/// Closes published fairs whose end has passed, with their FairChanged events, in one
/// transaction. Reads already treat such fairs as closed; this makes the stored state and the
/// event follow. Safe on several nodes: the update is conditional.
/// </summary>
internal sealed partial class FairCloser(IServiceScopeFactory scopes, TimeProvider time, ILogger<FairCloser> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30), time);
        do
        {
            try
            {
                await CloseEndedAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(e);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public async Task<int> CloseEndedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var closed = await db.Fairs
            .FromSql($"""
                UPDATE fairs SET status = {FairStatus.Closed}, closed_at = ends_at
                WHERE status = {FairStatus.Published} AND ends_at <= {now}
                RETURNING *
                """)
            .AsNoTracking().ToListAsync(ct);
        foreach (var fair in closed) db.Publish(new FairChanged(fair.Id, FairStatus.Closed), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return closed.Count;
    }

    [LoggerMessage(LogLevel.Warning, "Closing ended fairs failed; will retry")]
    private partial void LogFailed(Exception e);
}
