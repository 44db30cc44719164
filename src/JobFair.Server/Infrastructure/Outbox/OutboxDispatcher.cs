using System.Globalization;
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
    /// <summary>
    /// Set by the bus set-up for the in-memory transport: a published message then lives only in
    /// this process, so a row counts as sent only once every local consumer has processed it.
    /// With a broker, the broker's confirm is enough (it keeps the message durably).
    /// </summary>
    public bool ConfirmByLocalConsumers { get; set; }
    /// <summary>A row published this long ago and still not processed by every local consumer is published again.</summary>
    public TimeSpan RedeliverAfter { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Publishes committed outbox rows to the bus and marks them sent. Rows are claimed with
/// FOR UPDATE SKIP LOCKED so several nodes can dispatch side by side. A crash between
/// publishing and marking publishes the row again later with the same message id; consumers
/// skip what they have already processed, so each event takes effect once.
/// With the in-memory bus, publishing only hands the message to this process's queues, which a
/// crash empties: such a row is marked published, and sent only once every local consumer has
/// recorded it (<see cref="LocalConsumers"/>); a row still unconfirmed after
/// <see cref="OutboxOptions.RedeliverAfter"/>, or published before this process started, is
/// published again. So no committed change's event is lost, only delayed.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    LocalConsumers consumers,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    private readonly OutboxOptions _options = options.Value;
    /// <summary>What this process published before it started was lost with the process that did.</summary>
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    /// <summary>Whether the broker was unreachable at the last look (to say so once, not every poll; not while the bus starts).</summary>
    private bool _brokerAway = true;

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
                // At most a few seconds apart: what fails here is an outage, and its end should be noticed soon.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * Math.Pow(2, failures))), time, stoppingToken);
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
        if (_options.ConfirmByLocalConsumers) await ConfirmProcessedAsync(db, ct);
        else if (!BrokerReachable(scope.ServiceProvider.GetRequiredService<IBusControl>())) return 0;

        var now = time.GetUtcNow();
        var republishBefore = _options.ConfirmByLocalConsumers
            ? Max(now - _options.RedeliverAfter, _startedAt)
            : DateTimeOffset.MinValue;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var batch = await db.OutboxMessages
            .FromSql($"""
                SELECT * FROM outbox_messages
                WHERE sent_at IS NULL AND attempts < {_options.MaxAttempts}
                  AND (published_at IS NULL OR published_at < {republishBefore})
                ORDER BY seq LIMIT {_options.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(ct);
        if (batch.Count == 0) return 0;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // A batch normally publishes in well under a second; one stuck on a frozen broker holds its rows
        // (other dispatchers skip them) only this long before another attempt may take them.
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var published = new List<(OutboxMessage Message, Type Type)>();
        foreach (var message in batch)
        {
            if (message.Deserialize() is not { } payload)
            {
                message.Attempts++;
                message.LastError = $"unknown event type {message.Type}";
                LogUnknownType(message.Id, message.Type);
                continue;
            }
            if (message.PublishedAt is not null)
            {
                // Published before, but some local consumer never recorded it (it failed, or the process died).
                message.Attempts++;
                message.LastError = $"not processed by every local consumer after publishing at {message.PublishedAt:O}; published again";
                LogRepublished(message.Id, message.Type, message.Attempts);
            }
            var occurredAt = message.OccurredAt.ToString("O", CultureInfo.InvariantCulture);
            await bus.Publish(payload, payload.GetType(), context =>
            {
                context.MessageId = message.Id;
                context.Headers.Set(ProcessOnceExtensions.OccurredAtHeader, occurredAt);
            }, timeout.Token);
            published.Add((message, payload.GetType()));
        }
        if (afterPublish is not null) await afterPublish();

        now = time.GetUtcNow();
        foreach (var (message, type) in published)
        {
            message.PublishedAt = now;
            if (!_options.ConfirmByLocalConsumers || consumers.For(type).Count == 0) message.SentAt = now;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return published.Count;
    }

    /// <summary>Marks sent the published rows that every local consumer of their type has recorded as processed.</summary>
    private async Task ConfirmProcessedAsync(JobFairDb db, CancellationToken ct)
    {
        var waiting = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.SentAt == null && m.PublishedAt != null)
            .OrderBy(m => m.Seq).Take(_options.BatchSize * 5)
            .Select(m => new { m.Id, m.Type })
            .ToListAsync(ct);
        if (waiting.Count == 0) return;

        // Every (message, consumer) record expected; a message is sent once none of its records is missing
        // (one without local consumers at once).
        var pairs = waiting.SelectMany(m => (OutboxMessage.TypeNamed(m.Type) is { } type ? consumers.For(type) : [])
            .Select(name => (m.Id, name))).ToList();
        var pairIds = pairs.Select(p => p.Id).ToArray();
        var pairNames = pairs.Select(p => p.name).ToArray();
        var bare = waiting.Select(m => m.Id).Except(pairIds).ToArray();
        var now = time.GetUtcNow();
        // Checked and marked in one statement (one round trip, not a read of the records and then an update):
        // the expected records joined to processed_messages by its primary key (consumer, message_id), counted per message.
        await db.Database.ExecuteSqlAsync($"""
            UPDATE outbox_messages m SET sent_at = {now}, last_error = NULL
            FROM (
                SELECT e.message_id
                FROM unnest({pairIds}, {pairNames}) AS e(message_id, consumer)
                LEFT JOIN processed_messages p ON p.consumer = e.consumer AND p.message_id = e.message_id
                GROUP BY e.message_id HAVING count(p.message_id) = count(*)
                UNION ALL
                SELECT unnest({bare})) AS done(id)
            WHERE m.id = done.id AND m.sent_at IS NULL
            """, ct);
    }

    /// <summary>
    /// Whether publishing can succeed now (otherwise it would wait for its timeout). No settling wait
    /// is needed once it can: every queue an event is routed to, each node's live queue included, is
    /// durable and outlives a broker restart and a node's reconnection (LiveBridgeDefinition).
    /// </summary>
    private bool BrokerReachable(IBusControl bus)
    {
        var away = bus.CheckHealth().Status == BusHealthStatus.Unhealthy;
        if (away && !_brokerAway) LogBrokerDown();
        _brokerAway = away;
        return !away;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private async Task DeleteOldSentAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        var before = time.GetUtcNow() - _options.KeepSent;
        await db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < before).ExecuteDeleteAsync(ct);
        await db.ProcessedMessages.Where(m => m.ProcessedAt < before).ExecuteDeleteAsync(ct);
    }

    [LoggerMessage(LogLevel.Warning, "The message broker is unreachable; events wait in the outbox until it is back")]
    private partial void LogBrokerDown();

    [LoggerMessage(LogLevel.Warning, "Outbox dispatch failed ({Failures} in a row); retrying")]
    private partial void LogDispatchFailed(Exception e, int failures);

    [LoggerMessage(LogLevel.Warning, "Outbox message {MessageId} ({Type}) published again (attempt {Attempts}): a local consumer had not processed it")]
    private partial void LogRepublished(Guid messageId, string type, int attempts);

    [LoggerMessage(LogLevel.Error, "Outbox message {MessageId} has unknown type {Type}; left unsent")]
    private partial void LogUnknownType(Guid messageId, string type);
}

/// <summary>Wakes the dispatcher as soon as a local transaction committed new outbox rows.</summary>
public sealed class OutboxSignal : WakeSignal;
