using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Employers;

public sealed class Employer
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>统一社会信用代码, upper case, checksum verified.</summary>
    public required string CreditCode { get; init; }
    public required string Industry { get; set; }
    public required string City { get; set; }
    public required string Size { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>
    /// Set by the admin while the employer is disputed or abusive: its postings are listed nowhere
    /// and its recruiters can do nothing until it is reinstated.
    /// </summary>
    public DateTimeOffset? SuspendedAt { get; set; }
    public string? SuspensionReason { get; set; }
}

/// <summary>A recruiter asks a colleague to join their employer; the colleague accepts with the code.</summary>
public sealed class RecruiterInvitation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid EmployerId { get; init; }
    public required string Email { get; init; }
    /// <summary>Random, single-use; only its holder may accept.</summary>
    public required string Code { get; init; }
    public Guid InvitedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public Guid? AcceptedBy { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}

internal sealed class EmployerConfiguration : IEntityTypeConfiguration<Employer>
{
    public const string OnePerCreditCode = "ix_employers_credit_code";

    public void Configure(EntityTypeBuilder<Employer> b)
    {
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.CreditCode).HasMaxLength(18);
        // One employer per credit code, decided by the database when two register it at once.
        b.HasIndex(e => e.CreditCode).IsUnique().HasDatabaseName(OnePerCreditCode);
        // The few suspended employers, which every public list leaves out (PositionAccess.Listed; 0024).
        b.HasIndex(e => e.Id).HasFilter("suspended_at IS NOT NULL").HasDatabaseName("ix_employers_suspended");
        b.Property(e => e.Industry).HasMaxLength(100);
        b.Property(e => e.City).HasMaxLength(50);
        b.Property(e => e.Size).HasMaxLength(50);
        b.Property(e => e.SuspensionReason).HasMaxLength(500);
    }
}

internal sealed class RecruiterInvitationConfiguration : IEntityTypeConfiguration<RecruiterInvitation>
{
    public void Configure(EntityTypeBuilder<RecruiterInvitation> b)
    {
        b.Property(i => i.Email).HasMaxLength(256);
        b.Property(i => i.Code).HasMaxLength(64);
        b.HasIndex(i => i.Code).IsUnique();
        b.HasIndex(i => i.EmployerId);
        b.HasOne<Employer>().WithMany().HasForeignKey(i => i.EmployerId).OnDelete(DeleteBehavior.Cascade);
    }
}
