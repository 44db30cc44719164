using JobFair.Server.Infrastructure.Telemetry;
using MassTransit;

namespace JobFair.Server.Infrastructure.Outbox;

public static class ProcessOnceExtensions
{
    /// <summary>
    /// Runs a consumer's work and records the message as processed in one transaction. A
    /// redelivered message finds its row already there (a concurrent one waits on the primary
    /// key, then finds it) and is skipped. Returns false for such a duplicate.
    /// </summary>
    public static async Task<bool> ProcessOnceAsync(this JobFairDb db, string consumer, Guid messageId,
        Func<CancellationToken, Task> work, TimeProvider time, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO processed_messages (consumer, message_id, processed_at)
            VALUES ({consumer}, {messageId}, {time.GetUtcNow()})
            ON CONFLICT DO NOTHING
            """, ct);
        if (claimed == 0) return false;
        await work(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// The same for one of the server's consumers, under the name <see cref="LocalConsumers"/>
    /// knows it by: the in-memory dispatcher waits for that record before forgetting the event.
    /// </summary>
    public static async Task<bool> ProcessOnceAsync<TConsumer>(this JobFairDb db, LocalConsumers consumers, ConsumeContext context,
        Func<CancellationToken, Task> work, TimeProvider time) where TConsumer : IConsumer
    {
        var name = consumers.NameOf<TConsumer>();
        var messageId = context.MessageId ?? throw new InvalidOperationException("A message without an id.");
        if (!await db.ProcessOnceAsync(name, messageId, work, time, context.CancellationToken)) return false;
        // Consumer lag (jobfair.consumer.lag): from the event's commit to this record of it.
        if (context.TryGetPayload<IServiceProvider>(out var services)) services.GetService<PlatformMetrics>()?.RecordConsumed(name, messageId);
        return true;
    }
}
