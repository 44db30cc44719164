using System.Globalization;
using JobFair.Server.Infrastructure.Telemetry;
using MassTransit;

namespace JobFair.Server.Infrastructure.Outbox;

public static class ProcessOnceExtensions
{
    /// <summary>
    /// Header the dispatcher gives each published event: when its change committed
    /// (<see cref="OutboxMessage.OccurredAt"/>), so a consumer that dates what it writes by it need not read the row.
    /// </summary>
    public const string OccurredAtHeader = "JobFair-Occurred-At";

    /// <summary>
    /// Runs a consumer's work and records the message as processed in one transaction. A
    /// redelivered message finds its row already there (a concurrent one waits on the primary
    /// key, then finds it) and is skipped. Returns false for such a duplicate.
    /// </summary>
    public static async Task<bool> ProcessOnceAsync(this JobFairDb db, string consumer, Guid messageId,
        Func<CancellationToken, Task> work, TimeProvider time, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The transaction is the unit: a failure undoes all of it, so SaveChanges needs no savepoint of its own
        // (EF Core would otherwise set and release one around every save, two more round trips).
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
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
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    /// <summary>
    /// The same for one of the server's consumers, under the name <see cref="LocalConsumers"/>
    /// knows it by: the in-memory dispatcher waits for that record before forgetting the event.
    /// </summary>
    public static async Task<bool> ProcessOnceAsync<TConsumer>(this JobFairDb db, LocalConsumers consumers, ConsumeContext context,
        Func<CancellationToken, Task> work, TimeProvider time) where TConsumer : IConsumer
    {
        var name = consumers.NameOf<TConsumer>();
        var messageId = MessageIdOf(context);
        if (!await db.ProcessOnceAsync(name, messageId, work, time, context.CancellationToken)) return false;
        Consumed(context, name, messageId);
        return true;
    }

    /// <summary>
    /// A consumer whose whole work is one row written with its record: the record and the row in one
    /// statement, committed by itself (one round trip instead of a transaction's three), so the row exists
    /// exactly when the record does. <paramref name="insert"/> is an <c>INSERT … SELECT … FROM claimed</c>:
    /// <c>claimed</c> has one row when this message is recorded now, none for a duplicate.
    /// </summary>
    public static async Task<bool> ProcessOnceInOneStatementAsync<TConsumer>(this JobFairDb db, LocalConsumers consumers,
        ConsumeContext context, TimeProvider time, Func<string, Guid, DateTimeOffset, FormattableString> insert) where TConsumer : IConsumer
    {
        var name = consumers.NameOf<TConsumer>();
        var messageId = MessageIdOf(context);
        if (await db.Database.ExecuteSqlAsync(insert(name, messageId, time.GetUtcNow()), context.CancellationToken) == 0) return false;
        Consumed(context, name, messageId);
        return true;
    }

    /// <summary>
    /// For a consumer that changes nothing in the database and only tells this node's connections (a
    /// live push): records the message in one statement committed by itself, and only then, if this is its
    /// first record, runs <paramref name="push"/>. A concurrent duplicate waits on the record's key and is
    /// skipped, as in a transaction. What differs from <see cref="ProcessOnceAsync{TConsumer}"/>: a push that
    /// fails after the record is not tried again; a push to this node's own connections fails only when the
    /// node is going down, and its connections with it.
    /// </summary>
    public static async Task<bool> RecordThenPushAsync<TConsumer>(this JobFairDb db, LocalConsumers consumers, ConsumeContext context,
        Func<Task> push, TimeProvider time) where TConsumer : IConsumer
    {
        var name = consumers.NameOf<TConsumer>();
        var messageId = MessageIdOf(context);
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO processed_messages (consumer, message_id, processed_at)
            VALUES ({name}, {messageId}, {time.GetUtcNow()})
            ON CONFLICT DO NOTHING
            """, context.CancellationToken);
        if (claimed == 0) return false;
        Consumed(context, name, messageId);
        await push();
        return true;
    }

    /// <summary>When the event's change committed, as the dispatcher said in <see cref="OccurredAtHeader"/>; null without it.</summary>
    public static DateTimeOffset? OccurredAt(this ConsumeContext context) =>
        context.Headers.Get<string>(OccurredAtHeader) is { } text &&
        DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at : null;

    private static Guid MessageIdOf(ConsumeContext context) =>
        context.MessageId ?? throw new InvalidOperationException("A message without an id.");

    /// <summary>Consumer lag (jobfair.consumer.lag): from the event's commit to this record of it.</summary>
    private static void Consumed(ConsumeContext context, string name, Guid messageId)
    {
        if (context.TryGetPayload<IServiceProvider>(out var services)) services.GetService<PlatformMetrics>()?.RecordConsumed(name, messageId);
    }
}
