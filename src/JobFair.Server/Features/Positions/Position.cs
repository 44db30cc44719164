using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Fairs;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace JobFair.Server.Features.Positions;

/// <summary>A job posting. One posting may be shared into several fairs (岗位信息共享).</summary>
public sealed class Position
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid EmployerId { get; init; }
    /// <summary>Copied from the employer so that search can rank on it without a join.</summary>
    public required string EmployerName { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public required string City { get; set; }
    public List<string> Majors { get; set; } = [];
    public required string Degree { get; set; }
    public int Openings { get; set; }
    public int SalaryMin { get; set; }
    public int SalaryMax { get; set; }
    public DateTimeOffset? ClosesAt { get; set; }
    public string Status { get; set; } = PositionStatus.Open;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class PositionFair
{
    public Guid PositionId { get; init; }
    public Guid FairId { get; init; }
    public DateTimeOffset SharedAt { get; init; }
}

public static class PositionStatus
{
    public const string Open = "open";
    public const string Closed = "closed";
}

public static class Degrees
{
    public static readonly string[] All = ["associate", "bachelor", "master", "doctor"];
}

/// <summary>SQL functions the model uses (defined in the migrations).</summary>
public static class SearchFunctions
{
    /// <summary>
    /// jf_search_query(text): the keywords as a tsquery of the same tokens the index holds:
    /// character bigrams for Chinese, lower-cased words for Latin script, all required.
    /// </summary>
    public static NpgsqlTsQuery Query(string keywords) => throw new InvalidOperationException("SQL only");
}

internal sealed class PositionConfiguration : IEntityTypeConfiguration<Position>
{
    public void Configure(EntityTypeBuilder<Position> b)
    {
        b.Property(p => p.EmployerName).HasMaxLength(200);
        b.Property(p => p.Title).HasMaxLength(200);
        b.Property(p => p.Description).HasMaxLength(10000);
        b.Property(p => p.City).HasMaxLength(50);
        b.Property(p => p.Degree).HasMaxLength(20);
        b.Property(p => p.Status).HasMaxLength(20);
        b.HasIndex(p => new { p.EmployerId, p.CreatedAt });
        b.HasOne<Employer>().WithMany().HasForeignKey(p => p.EmployerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PositionFairConfiguration : IEntityTypeConfiguration<PositionFair>
{
    public void Configure(EntityTypeBuilder<PositionFair> b)
    {
        b.ToTable("position_fairs");
        b.HasKey(pf => new { pf.PositionId, pf.FairId });
        b.HasIndex(pf => new { pf.FairId, pf.PositionId });
        b.HasOne<Position>().WithMany().HasForeignKey(pf => pf.PositionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Fair>().WithMany().HasForeignKey(pf => pf.FairId).OnDelete(DeleteBehavior.Cascade);
    }
}
