using JobFair.Server.Features.Positions;
using JobFair.Server.Features.Students;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Guidance;

/// <summary>The centre puts a graduate on a counsellor's ledger beside those of the majors they look after.</summary>
public sealed class LedgerAssignment
{
    public Guid CounsellorId { get; init; }
    public Guid StudentId { get; init; }
    public Guid AssignedBy { get; init; }
    public DateTimeOffset AssignedAt { get; init; }
}

/// <summary>
/// A key group (重点群体) a graduate belongs to, set by their university's centre. Sensitive: seen by
/// that centre and the graduate's own counsellors only, never by employers, partner counsellors or
/// the partner university.
/// </summary>
public sealed class StudentKeyGroup
{
    public Guid StudentId { get; init; }
    public required string Code { get; init; }
    public Guid SetBy { get; init; }
    public DateTimeOffset SetAt { get; init; }
}

/// <summary>The key groups the ledger knows, with their labels as Chinese forms print them.</summary>
public static class KeyGroups
{
    public sealed record KeyGroup(string Code, string Label, string EnglishLabel);

    public static readonly IReadOnlyList<KeyGroup> All =
    [
        new("poor_household", "建档立卡贫困家庭", "Registered poor household"),
        new("low_income", "城乡低保家庭", "Minimum-allowance household"),
        new("zero_employment_family", "零就业家庭", "No one in the family employed"),
        new("disability", "残疾毕业生", "Graduate with a disability"),
        new("ethnic_minority", "少数民族毕业生", "Ethnic-minority graduate"),
        new("hubei_origin", "湖北籍毕业生", "From Hubei"),
    ];

    public static readonly IReadOnlySet<string> Codes = All.Select(g => g.Code).ToHashSet();
}

/// <summary>
/// One line of a graduate's plan (一人一策): an action with a due time (open until done), a note,
/// a contact logged (when, how, what was said), or advice from a counsellor, possibly recommending
/// a position. Lines are added, an action is marked done; nothing is edited away.
/// </summary>
public sealed class PlanEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid StudentId { get; init; }
    public required string Kind { get; init; }
    public required string Text { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset? DoneAt { get; set; }
    public Guid? DoneBy { get; set; }
    public DateTimeOffset? ContactedAt { get; init; }
    public string? Channel { get; init; }
    public Guid? PositionId { get; init; }
    /// <summary>The counsellor who wrote it; a partner counsellor's advice carries the partner's university.</summary>
    public Guid AuthorId { get; init; }
    public Guid AuthorUniversityId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public static class PlanEntryKinds
{
    public const string Action = "action";
    public const string Note = "note";
    public const string Contact = "contact";
    public const string Advice = "advice";
}

public static class ContactChannels
{
    public static readonly string[] All = ["phone", "wechat", "meeting"];
}

internal sealed class LedgerAssignmentConfiguration : IEntityTypeConfiguration<LedgerAssignment>
{
    public const string Key = "pk_ledger_assignments";

    public void Configure(EntityTypeBuilder<LedgerAssignment> b)
    {
        b.ToTable("ledger_assignments");
        b.HasKey(a => new { a.CounsellorId, a.StudentId }).HasName(Key);
        b.HasIndex(a => a.StudentId);
        b.HasOne<Counsellor>().WithMany().HasForeignKey(a => a.CounsellorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Student>().WithMany().HasForeignKey(a => a.StudentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StudentKeyGroupConfiguration : IEntityTypeConfiguration<StudentKeyGroup>
{
    public void Configure(EntityTypeBuilder<StudentKeyGroup> b)
    {
        b.ToTable("student_key_groups");
        b.HasKey(k => new { k.StudentId, k.Code });
        b.Property(k => k.Code).HasMaxLength(30);
        b.HasOne<Student>().WithMany().HasForeignKey(k => k.StudentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanEntryConfiguration : IEntityTypeConfiguration<PlanEntry>
{
    public void Configure(EntityTypeBuilder<PlanEntry> b)
    {
        b.ToTable("plan_entries", t => t.HasCheckConstraint("ck_plan_entries_kind", """
            (kind = 'action' AND due_at IS NOT NULL AND contacted_at IS NULL AND channel IS NULL AND position_id IS NULL)
            OR (kind = 'note' AND due_at IS NULL AND done_at IS NULL AND contacted_at IS NULL AND channel IS NULL AND position_id IS NULL)
            OR (kind = 'contact' AND contacted_at IS NOT NULL AND channel IN ('phone', 'wechat', 'meeting')
                AND due_at IS NULL AND done_at IS NULL AND position_id IS NULL)
            OR (kind = 'advice' AND due_at IS NULL AND done_at IS NULL AND contacted_at IS NULL AND channel IS NULL)
            """));
        b.Property(e => e.Kind).HasMaxLength(20);
        b.Property(e => e.Text).HasMaxLength(2000);
        b.Property(e => e.Channel).HasMaxLength(20);
        b.HasIndex(e => new { e.StudentId, e.CreatedAt });
        // The ledger's two questions per graduate: open actions (and the overdue among them), and the last contact.
        b.HasIndex(e => new { e.StudentId, e.DueAt }).HasFilter("kind = 'action' AND done_at IS NULL")
            .HasDatabaseName("ix_plan_entries_open_actions");
        b.HasIndex(e => new { e.StudentId, e.ContactedAt }).HasFilter("kind = 'contact'")
            .HasDatabaseName("ix_plan_entries_contacts");
        b.HasOne<Student>().WithMany().HasForeignKey(e => e.StudentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Counsellor>().WithMany().HasForeignKey(e => e.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Position>().WithMany().HasForeignKey(e => e.PositionId).OnDelete(DeleteBehavior.Restrict);
    }
}
