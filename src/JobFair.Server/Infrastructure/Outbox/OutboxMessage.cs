using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Infrastructure.Outbox;

/// <summary>Marker for the records that describe something that happened (past tense names).</summary>
public interface IDomainEvent;

/// <summary>
/// A domain event waiting to be published. It is written in the same transaction as the change
/// it describes, so it exists exactly when that change was committed.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Also the bus message id: consumers recognise a redelivery by it.</summary>
    public Guid Id { get; init; }
    /// <summary>Commit order, for publishing roughly in the order things happened.</summary>
    public long Seq { get; init; }
    public required string Type { get; init; }
    public required string Payload { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    /// <summary>When it was last handed to the bus (see <see cref="OutboxDispatcher"/>).</summary>
    public DateTimeOffset? PublishedAt { get; set; }
    /// <summary>When it was safely delivered: it is then never published again.</summary>
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly ConcurrentDictionary<string, Type?> Types = new();

    public static OutboxMessage From(IDomainEvent domainEvent, DateTimeOffset now)
    {
        var type = domainEvent.GetType();
        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            Type = $"{type.FullName}, {type.Assembly.GetName().Name}",
            Payload = JsonSerializer.Serialize(domainEvent, type, Json),
            OccurredAt = now,
        };
    }

    public Type? ResolveType() => TypeNamed(Type);

    /// <summary>The event type a stored type name stands for, or null if this build does not know it.</summary>
    public static Type? TypeNamed(string typeName) => Types.GetOrAdd(typeName, static name => System.Type.GetType(name, throwOnError: false));

    public object? Deserialize() => ResolveType() is { } type ? JsonSerializer.Deserialize(Payload, type, Json) : null;
}

/// <summary>Which consumer has handled which message: the consumer side of exactly-once.</summary>
public sealed class ProcessedMessage
{
    public required string Consumer { get; init; }
    public Guid MessageId { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("outbox_messages");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.Seq).UseIdentityAlwaysColumn();
        b.Property(m => m.Type).HasMaxLength(300);
        b.Property(m => m.Payload).HasColumnType("jsonb");
        b.HasIndex(m => m.Seq).HasDatabaseName("ix_outbox_messages_unsent").HasFilter("sent_at IS NULL");
    }
}

internal sealed class ProcessedMessageConfiguration : IEntityTypeConfiguration<ProcessedMessage>
{
    public void Configure(EntityTypeBuilder<ProcessedMessage> b)
    {
        b.ToTable("processed_messages");
        b.HasKey(m => new { m.Consumer, m.MessageId });
        b.Property(m => m.Consumer).HasMaxLength(200);
    }
}

public static class OutboxExtensions
{
    /// <summary>Queues a domain event to be published once the current SaveChanges commits.</summary>
    public static void Publish(this JobFairDb db, IDomainEvent domainEvent, TimeProvider time) =>
        db.OutboxMessages.Add(OutboxMessage.From(domainEvent, time.GetUtcNow()));
}
