using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Universities;

/// <summary>Joint work of a pair's career centres: remote meetings, courses, camps, agreements.</summary>
public sealed class PairActivity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PairId { get; init; }
    /// <summary>The side that recorded it.</summary>
    public Guid UniversityId { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public DateTimeOffset HeldAt { get; init; }
    public int Participants { get; init; }
    public Guid RecordedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public static class ActivityKinds
{
    public static readonly string[] All = ["meeting", "course", "camp", "agreement", "other"];
}

internal sealed class PairActivityConfiguration : IEntityTypeConfiguration<PairActivity>
{
    public void Configure(EntityTypeBuilder<PairActivity> b)
    {
        b.ToTable("pair_activities");
        b.Property(a => a.Kind).HasMaxLength(20);
        b.Property(a => a.Title).HasMaxLength(200);
        b.HasIndex(a => new { a.PairId, a.HeldAt });
        b.HasOne<Pair>().WithMany().HasForeignKey(a => a.PairId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<University>().WithMany().HasForeignKey(a => a.UniversityId).OnDelete(DeleteBehavior.Restrict);
    }
}
