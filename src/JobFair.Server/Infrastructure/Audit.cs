using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Infrastructure;

/// <summary>
/// Who did what to which personal record, and when. Written in the same transaction as the act it
/// records (or, for a read, before the data leaves the server), never updated or deleted.
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public DateTimeOffset At { get; init; }
    /// <summary>Null for the platform itself (a background job).</summary>
    public Guid? ActorId { get; init; }
    public required string ActorRole { get; init; }
    /// <summary>A verb in snake_case: <c>claim_released</c>, <c>employer_suspended</c>, <c>ledger_read</c>, ...</summary>
    public required string Action { get; init; }
    /// <summary>What kind of record: <c>student</c>, <c>employer</c>, <c>ledger_entry</c>, ...</summary>
    public required string SubjectType { get; init; }
    public Guid SubjectId { get; init; }
    public string? Detail { get; init; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.Property(a => a.ActorRole).HasMaxLength(20);
        b.Property(a => a.Action).HasMaxLength(50);
        b.Property(a => a.SubjectType).HasMaxLength(30);
        b.Property(a => a.Detail).HasMaxLength(2000);
        b.HasIndex(a => new { a.SubjectType, a.SubjectId, a.At });
        b.HasIndex(a => new { a.ActorId, a.At });
    }
}

public static class AuditTrail
{
    /// <summary>Adds an entry to the context; it is saved with the caller's next SaveChanges.</summary>
    public static void Audit(this JobFairDb db, TimeProvider time, Guid? actorId, string actorRole, string action,
        string subjectType, Guid subjectId, string? detail = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(), ActorId = actorId, ActorRole = actorRole, Action = action,
            SubjectType = subjectType, SubjectId = subjectId, Detail = detail,
        });
}
