using MassTransit;
using Microsoft.Extensions.Options;

namespace JobFair.Server.Infrastructure.Outbox;

public sealed class OutboxOptions
{
    /// <summary>Off only in tests that drive <see cref="OutboxDispatcher.DispatchBatchAsync"/> themselves.</summary>
    public bool Enabled { get; set; } = true;
    public int BatchSize { get; set; } = 200;
    /// <summary>How often to look even without a local signal (another node wrote, or a retry).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A message that failed this often is left for an operator (it stays in the table).</summary>
    public int MaxAttempts { get; set; } = 10;
    public TimeSpan KeepSent { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Publishes committed outbox rows to the bus and marks them sent. Rows are claimed with
/// FOR UPDATE SKIP LOCKED so several nodes can dispatch side by side. A crash between
/// publishing and marking publishes the row again later with the same message id; consumers
/// skip what they have already processed, so each event takes effect once.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    private readonly OutboxOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled) return;
        var failures = 0;
        var nextCleanup = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var published = 0;
            try
            {
                published = await DispatchBatchAsync(stoppingToken);
                failures = 0;
                if (time.GetUtcNow() >= nextCleanup)
                {
                    await DeleteOldSentAsync(stoppingToken);
                    nextCleanup = time.GetUtcNow().AddHours(1);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                LogDispatchFailed(e, failures);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, failures))), time, stoppingToken);
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (published < _options.BatchSize)
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
        }
    }

    /// <summary>Publishes one batch of unsent rows; returns how many were published.</summary>
    /// <param name="ct">Stops the batch; nothing is marked sent then.</param>
    /// <param name="afterPublish">Runs after publishing and before marking; tests use it to die there.</param>
    public async Task<int> DispatchBatchAsync(CancellationToken ct, Func<Task>? afterPublish = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        var bus = scope.ServiceProvider.GetRequiredService<IBus>();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var batch = await db.OutboxMessages
            .FromSql($"""
                SELECT * FROM outbox_messages
                WHERE sent_at IS NULL AND attempts < {_options.MaxAttempts}
                ORDER BY seq LIMIT {_options.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(ct);
        if (batch.Count == 0) return 0;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var published = 0;
        foreach (var message in batch)
        {
            if (message.Deserialize() is not { } payload)
            {
                message.Attempts++;
                message.LastError = $"unknown event type {message.Type}";
                LogUnknownType(message.Id, message.Type);
                continue;
            }
            await bus.Publish(payload, payload.GetType(), context => context.MessageId = message.Id, timeout.Token);
            published++;
        }
        if (afterPublish is not null) await afterPublish();

        var now = time.GetUtcNow();
        foreach (var message in batch.Where(m => m.LastError is null)) message.SentAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return published;
    }

    private async Task DeleteOldSentAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        var before = time.GetUtcNow() - _options.KeepSent;
        await db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < before).ExecuteDeleteAsync(ct);
        await db.ProcessedMessages.Where(m => m.ProcessedAt < before).ExecuteDeleteAsync(ct);
    }

    [LoggerMessage(LogLevel.Warning, "Outbox dispatch failed ({Failures} in a row); retrying")]
    private partial void LogDispatchFailed(Exception e, int failures);

    [LoggerMessage(LogLevel.Error, "Outbox message {MessageId} has unknown type {Type}; left unsent")]
    private partial void LogUnknownType(Guid messageId, string type);
}

/// <summary>Wakes the dispatcher as soon as a local transaction committed new outbox rows.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try { _semaphore.Release(); }
            catch (SemaphoreFullException) { /* someone else woke it already */ }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);

    public void Dispose() => _semaphore.Dispose();
}
