using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Positions;
using JobFair.Server.Features.Students;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>
/// A position pushed to a graduate because it asks for their major (推送专业对口岗位). Matched when the
/// position is shared into a fair of the graduate's university (or when the graduate claims their
/// roster row); it waits (<see cref="PushedAt"/> null) until the graduate's daily allowance lets it
/// through, best matches first. One per graduate and position, ever.
/// </summary>
public sealed class Recommendation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid StudentId { get; init; }
    public Guid PositionId { get; init; }
    /// <summary>The fair it came through (the first, when the position is in several of the graduate's fairs).</summary>
    public Guid FairId { get; init; }
    /// <summary><see cref="MatchKinds"/>: the graduate's major is one the position names, or of the same category.</summary>
    public required string Match { get; init; }
    /// <summary>The graduate's major when matched: the reason names it.</summary>
    public required string Major { get; init; }
    /// <summary>The shared category (专业类) of a category match, e.g. 计算机类.</summary>
    public string? Category { get; init; }
    /// <summary>When the position came into the fair: newer postings go first among equal matches.</summary>
    public DateTimeOffset SharedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? PushedAt { get; set; }
    public DateTimeOffset? SeenAt { get; set; }
}

public static class MatchKinds
{
    public const string Exact = "exact";
    public const string Category = "category";
}

/// <summary>How many positions a graduate was pushed on one day (Asia/Shanghai); the database keeps it at most <see cref="Pushing.DailyCap"/>.</summary>
public sealed class PushDay
{
    public Guid StudentId { get; init; }
    public DateOnly Day { get; init; }
    public int Pushed { get; set; }
}

/// <summary>A graduate's choice about pushes: muted graduates get none, and nothing waits for them.</summary>
public sealed class PushPreference
{
    public Guid StudentId { get; init; }
    public bool Muted { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The start-of-day release of waiting pushes for one day: the node that records it does it.</summary>
public sealed class PushRelease
{
    public DateOnly Day { get; init; }
    public required string Node { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int Released { get; set; }
}

internal sealed class RecommendationConfiguration : IEntityTypeConfiguration<Recommendation>
{
    public const string OnePerStudentAndPosition = "ix_recommendations_student_id_position_id";

    public void Configure(EntityTypeBuilder<Recommendation> b)
    {
        b.ToTable("recommendations", t => t.HasCheckConstraint("ck_recommendations_match", "match IN ('exact', 'category')"));
        b.Property(r => r.Match).HasMaxLength(10);
        b.Property(r => r.Major).HasMaxLength(100);
        b.Property(r => r.Category).HasMaxLength(30);
        // Never the same position twice to one graduate, whatever races.
        b.HasIndex(r => new { r.StudentId, r.PositionId }).IsUnique().HasDatabaseName(OnePerStudentAndPosition);
        // A graduate's list, newest push first; and what waits for them.
        b.HasIndex(r => new { r.StudentId, r.PushedAt });
        b.HasIndex(r => r.StudentId, "ix_recommendations_waiting").HasFilter("pushed_at IS NULL");
        b.HasIndex(r => r.PositionId);
        b.HasIndex(r => r.FairId);
        b.HasOne<Student>().WithMany().HasForeignKey(r => r.StudentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Position>().WithMany().HasForeignKey(r => r.PositionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Fair>().WithMany().HasForeignKey(r => r.FairId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PushDayConfiguration : IEntityTypeConfiguration<PushDay>
{
    public void Configure(EntityTypeBuilder<PushDay> b)
    {
        b.ToTable("push_days", t => t.HasCheckConstraint("ck_push_days_cap", $"pushed BETWEEN 0 AND {Pushing.DailyCap}"));
        b.HasKey(d => new { d.StudentId, d.Day });
        b.HasOne<Student>().WithMany().HasForeignKey(d => d.StudentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PushPreferenceConfiguration : IEntityTypeConfiguration<PushPreference>
{
    public void Configure(EntityTypeBuilder<PushPreference> b)
    {
        b.ToTable("push_preferences");
        b.HasKey(p => p.StudentId);
        b.HasOne<Student>().WithMany().HasForeignKey(p => p.StudentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PushReleaseConfiguration : IEntityTypeConfiguration<PushRelease>
{
    public void Configure(EntityTypeBuilder<PushRelease> b)
    {
        b.ToTable("push_releases");
        b.HasKey(r => r.Day);
        b.Property(r => r.Node).HasMaxLength(100);
    }
}
