using JobFair.Server.Features.Fairs;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Stats;

/// <summary>
/// A fair's figures as last counted (the read model behind <c>GET /api/fairs/{id}/stats</c>).
/// <see cref="StaleSince"/> is when the figures are due to be counted again: set by consumers to the
/// moment something they count changed, and by <see cref="FairStatsRefresher"/> after a count to the
/// next closing date among the open postings it counted (a future instant; null when none closes).
/// </summary>
public sealed class FairFigures
{
    public Guid FairId { get; init; }
    public int Employers { get; init; }
    public int Positions { get; init; }
    public long Openings { get; init; }
    public int Applicants { get; init; }
    public int Applications { get; init; }
    public int InterviewsInvited { get; init; }
    public int InterviewsBooked { get; init; }
    public int Offers { get; init; }
    public int Signed { get; init; }
    public DateTimeOffset? StaleSince { get; init; }
    public DateTimeOffset? RefreshedAt { get; init; }
    /// <summary>Grows with every count, so clients can drop figures older than those they show.</summary>
    public long Version { get; init; }
}

/// <summary>A fair's figures for one of its two host universities.</summary>
public sealed class FairUniversityFigures
{
    public Guid FairId { get; init; }
    public Guid UniversityId { get; init; }
    public int Applicants { get; init; }
    public int Applications { get; init; }
    public int Signed { get; init; }
}

/// <summary>The contract's shape of a fair's figures (GET /api/fairs/{id}/stats and the fairStats live event).</summary>
public sealed record FairStatsResponse(Guid FairId, int Employers, int Positions, long Openings, int Applicants, int Applications,
    int InterviewsInvited, int InterviewsBooked, int Offers, int Signed, IReadOnlyList<UniversityStats> ByUniversity, long Version,
    DateTimeOffset? CountedAt);

public sealed record UniversityStats(Guid UniversityId, string Name, int Applicants, int Applications, int Signed);

/// <summary>New figures of a fair were counted; live watchers of the fair get them as <c>fairStats</c>.</summary>
public sealed record FairStatsChanged(FairStatsResponse Stats) : IDomainEvent;

internal sealed class FairFiguresConfiguration : IEntityTypeConfiguration<FairFigures>
{
    public void Configure(EntityTypeBuilder<FairFigures> b)
    {
        b.ToTable("fair_stats");
        b.HasKey(f => f.FairId);
        b.HasIndex(f => f.StaleSince).HasFilter("stale_since IS NOT NULL");
        b.HasOne<Fair>().WithOne().HasForeignKey<FairFigures>(f => f.FairId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FairUniversityFiguresConfiguration : IEntityTypeConfiguration<FairUniversityFigures>
{
    public void Configure(EntityTypeBuilder<FairUniversityFigures> b)
    {
        b.ToTable("fair_university_stats");
        b.HasKey(f => new { f.FairId, f.UniversityId });
        b.HasOne<Fair>().WithMany().HasForeignKey(f => f.FairId).OnDelete(DeleteBehavior.Cascade);
    }
}
