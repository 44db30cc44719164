using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Universities;

public sealed class University
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public required string Province { get; set; }
    public required string City { get; set; }
    public bool IsHubei { get; set; }
}

/// <summary>一帮一: a Hubei university (supported) paired with one elsewhere (supporting).</summary>
public sealed class Pair
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public int Batch { get; set; }
    /// <summary>Official sequence number within the batch; unknown for the first batch.</summary>
    public int? Seq { get; set; }
    public Guid SupportedId { get; set; }
    public University Supported { get; set; } = null!;
    public Guid SupportingId { get; set; }
    public University Supporting { get; set; } = null!;
    /// <summary>What public reports said the pair did, where known.</summary>
    public string? ReportedActivity { get; set; }
}

internal sealed class UniversityConfiguration : IEntityTypeConfiguration<University>
{
    public void Configure(EntityTypeBuilder<University> b)
    {
        b.Property(u => u.Name).HasMaxLength(100);
        b.Property(u => u.Province).HasMaxLength(20);
        b.Property(u => u.City).HasMaxLength(50);
        b.HasIndex(u => u.Name).IsUnique();
    }
}

internal sealed class PairConfiguration : IEntityTypeConfiguration<Pair>
{
    public void Configure(EntityTypeBuilder<Pair> b)
    {
        b.HasOne(p => p.Supported).WithMany().HasForeignKey(p => p.SupportedId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.Supporting).WithMany().HasForeignKey(p => p.SupportingId).OnDelete(DeleteBehavior.Restrict);
        // A Hubei university has at most one partner per batch; official numbers are unique per batch.
        b.HasIndex(p => new { p.Batch, p.SupportedId }).IsUnique();
        b.HasIndex(p => new { p.Batch, p.Seq }).IsUnique().HasFilter("seq IS NOT NULL");
        b.HasIndex(p => p.SupportingId);
    }
}
