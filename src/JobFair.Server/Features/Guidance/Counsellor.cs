using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Universities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Guidance;

/// <summary>
/// A graduate counsellor (辅导员) of one university, created by its career centre. Their ledger holds
/// the university's graduates of the majors they look after, and those the centre assigns to them.
/// </summary>
public sealed class Counsellor
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public Guid UniversityId { get; init; }
    public required string Name { get; set; }
    /// <summary>The school or department (院系) they work in.</summary>
    public required string Department { get; set; }
    /// <summary>Majors as the roster spells them; a graduate of one of these is on their ledger.</summary>
    public List<string> Majors { get; set; } = [];
    public Guid CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// 辅导员结对: a counsellor of a pair's supported university with one of its supporting university,
/// within that 一帮一 pair. Each sees the other and may advise on the other's graduates.
/// </summary>
public sealed class CounsellorPair
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PairId { get; init; }
    public Guid SupportedCounsellorId { get; init; }
    public Guid SupportingCounsellorId { get; init; }
    public Guid CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The other side's counsellor, seen from <paramref name="counsellorId"/>.</summary>
    public Guid PartnerOf(Guid counsellorId) => counsellorId == SupportedCounsellorId ? SupportingCounsellorId : SupportedCounsellorId;
}

internal sealed class CounsellorConfiguration : IEntityTypeConfiguration<Counsellor>
{
    public const string OnePerAccount = "ix_counsellors_user_id";

    public void Configure(EntityTypeBuilder<Counsellor> b)
    {
        b.Property(c => c.Name).HasMaxLength(50);
        b.Property(c => c.Department).HasMaxLength(100);
        b.HasIndex(c => c.UserId).IsUnique().HasDatabaseName(OnePerAccount);
        b.HasIndex(c => c.UniversityId);
        b.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<University>().WithMany().HasForeignKey(c => c.UniversityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CounsellorPairConfiguration : IEntityTypeConfiguration<CounsellorPair>
{
    /// <summary>A counsellor has at most one partner per 一帮一 pair, on either side: two racing pairings cannot both win.</summary>
    public const string OneForSupported = "ix_counsellor_pairs_pair_id_supported_counsellor_id";
    public const string OneForSupporting = "ix_counsellor_pairs_pair_id_supporting_counsellor_id";

    public void Configure(EntityTypeBuilder<CounsellorPair> b)
    {
        b.ToTable("counsellor_pairs");
        b.HasIndex(p => new { p.PairId, p.SupportedCounsellorId }).IsUnique().HasDatabaseName(OneForSupported);
        b.HasIndex(p => new { p.PairId, p.SupportingCounsellorId }).IsUnique().HasDatabaseName(OneForSupporting);
        b.HasIndex(p => p.SupportedCounsellorId);
        b.HasIndex(p => p.SupportingCounsellorId);
        b.HasOne<Pair>().WithMany().HasForeignKey(p => p.PairId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Counsellor>().WithMany().HasForeignKey(p => p.SupportedCounsellorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Counsellor>().WithMany().HasForeignKey(p => p.SupportingCounsellorId).OnDelete(DeleteBehavior.Cascade);
    }
}
