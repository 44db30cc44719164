using JobFair.Server.Features.Fairs;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Stats;

/// <summary>
/// A fair's figures as last counted (the read model behind <c>GET /api/fairs/{id}/stats</c>).
/// The figures are due to be counted again while the fair has <see cref="FairStatsMark"/>s (something they
/// count changed), or once <see cref="StaleSince"/> has passed: set by <see cref="FairStatsRefresher"/> after a
/// count to the next closing date among the open postings it counted (null when none closes).
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

/// <summary>
/// Something a fair's figures count changed (written by <see cref="StaleFigures"/> after the change committed).
/// Marks are only ever inserted, so the events of a busy fair never wait on one another; the refresher
/// deletes a fair's marks in the transaction that counts it.
/// </summary>
public sealed class FairStatsMark
{
    public Guid FairId { get; init; }
    public long Id { get; init; }
    public DateTimeOffset MarkedAt { get; init; }
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

internal sealed class FairStatsMarkConfiguration : IEntityTypeConfiguration<FairStatsMark>
{
    public void Configure(EntityTypeBuilder<FairStatsMark> b)
    {
        b.ToTable("fair_stats_marks");
        b.HasKey(m => new { m.FairId, m.Id });
        b.Property(m => m.Id).UseIdentityAlwaysColumn();
        b.HasOne<Fair>().WithMany().HasForeignKey(m => m.FairId).OnDelete(DeleteBehavior.Cascade);
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
