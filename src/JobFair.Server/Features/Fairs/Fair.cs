using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Universities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Fairs;

/// <summary>A fair was edited, published or closed; <see cref="Status"/> is the one it now has.</summary>
public sealed record FairChanged(Guid FairId, string Status) : IDomainEvent;

/// <summary>A joint online double-selection fair, co-hosted by both universities of a pair.</summary>
public sealed class Fair
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PairId { get; init; }
    public Pair Pair { get; init; } = null!;
    public required string Title { get; set; }
    public required string Description { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    /// <summary>As stored; a published fair past its end is closed (see <see cref="FairStatus.Effective"/>).</summary>
    public string Status { get; set; } = FairStatus.Draft;
    public Guid CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

public static class FairStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Closed = "closed";

    public static readonly string[] All = [Draft, Published, Closed];

    public static string Effective(string stored, DateTimeOffset endsAt, DateTimeOffset now) =>
        stored == Published && endsAt <= now ? Closed : stored;

    /// <summary>A published fair is "upcoming" before it starts and "live" while it runs.</summary>
    public const string Upcoming = "upcoming";
    public const string Live = "live";

    /// <summary>Where a fair stands for a visitor: draft, upcoming, live or closed (of its effective status).</summary>
    public static string Phase(string effective, DateTimeOffset startsAt, DateTimeOffset now) =>
        effective == Published ? (startsAt <= now ? Live : Upcoming) : effective;
}

/// <summary>An employer's place in a fair: asked for and vetted, or invited by a host and accepted.</summary>
public sealed class Participation
{
    public Guid FairId { get; init; }
    public Guid EmployerId { get; init; }
    public Employer Employer { get; init; } = null!;
    public string Status { get; set; } = ParticipationStatus.Pending;
    public string? Message { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public Guid? DecidedBy { get; set; }
}

public static class ParticipationStatus
{
    public const string Pending = "pending";
    public const string Invited = "invited";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    public static readonly string[] All = [Pending, Invited, Approved, Rejected];
}

internal sealed class FairConfiguration : IEntityTypeConfiguration<Fair>
{
    public void Configure(EntityTypeBuilder<Fair> b)
    {
        b.Property(f => f.Title).HasMaxLength(200);
        b.Property(f => f.Description).HasMaxLength(5000);
        b.Property(f => f.Status).HasMaxLength(20);
        b.HasOne(f => f.Pair).WithMany().HasForeignKey(f => f.PairId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(f => new { f.Status, f.StartsAt });
        b.ToTable(t => t.HasCheckConstraint("ck_fairs_window", "ends_at > starts_at"));
    }
}

internal sealed class ParticipationConfiguration : IEntityTypeConfiguration<Participation>
{
    public void Configure(EntityTypeBuilder<Participation> b)
    {
        // One row per fair and employer: asking twice cannot create a second request.
        b.HasKey(p => new { p.FairId, p.EmployerId });
        b.Property(p => p.Status).HasMaxLength(20);
        b.Property(p => p.Message).HasMaxLength(1000);
        b.Property(p => p.Reason).HasMaxLength(1000);
        b.HasOne<Fair>().WithMany().HasForeignKey(p => p.FairId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(p => p.Employer).WithMany().HasForeignKey(p => p.EmployerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.EmployerId);
    }
}
