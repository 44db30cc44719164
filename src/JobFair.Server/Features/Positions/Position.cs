using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Fairs;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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

public sealed record EmployerRef(Guid Id, string Name);

/// <summary>A posting as the contract shows it: what the recruiter wrote, its status now, and the fairs it is shared into.</summary>
public sealed record PositionResponse(
    Guid Id, string Title, string Description, EmployerRef Employer, string City, IReadOnlyList<string> Majors, string Degree,
    int Openings, int SalaryMin, int SalaryMax, DateTimeOffset? ClosesAt, string Status, IReadOnlyList<Guid> FairIds,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PositionResponse From(Position p, IReadOnlyList<Guid> fairIds, DateTimeOffset now) => new(
        p.Id, p.Title, p.Description, new EmployerRef(p.EmployerId, p.EmployerName), p.City, p.Majors, p.Degree,
        p.Openings, p.SalaryMin, p.SalaryMax, p.ClosesAt, EffectiveStatus(p.Status, p.ClosesAt, now), fairIds, p.CreatedAt, p.UpdatedAt);

    public static async Task<PositionResponse> LoadAsync(JobFairDb db, Position p, DateTimeOffset now, CancellationToken ct) =>
        From(p, await db.PositionFairs.Where(pf => pf.PositionId == p.Id).OrderBy(pf => pf.SharedAt).Select(pf => pf.FairId).ToListAsync(ct), now);

    /// <summary>A posting past its closing date is closed.</summary>
    public static string EffectiveStatus(string stored, DateTimeOffset? closesAt, DateTimeOffset now) =>
        closesAt is { } c && c <= now ? PositionStatus.Closed : stored;
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
        // A fair's shares newest first, in index order (0024).
        b.HasIndex(pf => new { pf.FairId, pf.SharedAt, pf.PositionId }).IsDescending(false, true, false);
        b.HasOne<Position>().WithMany().HasForeignKey(pf => pf.PositionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Fair>().WithMany().HasForeignKey(pf => pf.FairId).OnDelete(DeleteBehavior.Cascade);
    }
}
