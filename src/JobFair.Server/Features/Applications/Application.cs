using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Positions;
using JobFair.Server.Features.Students;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Applications;

/// <summary>A resume delivered to a position in a fair (投递简历), and where it stands.</summary>
public sealed class Application
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid StudentId { get; init; }
    /// <summary>The student's university, copied for centre views and per-university figures.</summary>
    public Guid UniversityId { get; init; }
    public Guid PositionId { get; init; }
    /// <summary>The position's employer, copied so that access checks and employer lists need no join.</summary>
    public Guid EmployerId { get; init; }
    public Guid FairId { get; init; }
    public Guid ResumeId { get; init; }
    /// <summary>The resume's title when it was delivered.</summary>
    public required string ResumeTitle { get; init; }
    public string Status { get; set; } = ApplicationStatus.Submitted;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Every change of an application's status: who, when, from what to what.</summary>
public sealed class ApplicationTransition
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ApplicationId { get; init; }
    public required string FromStatus { get; init; }
    public required string ToStatus { get; init; }
    public Guid ByUserId { get; init; }
    public required string ByRole { get; init; }
    public string? Note { get; init; }
    public DateTimeOffset At { get; init; }
}

public static class ApplicationStatus
{
    public const string Submitted = "submitted";
    public const string Viewed = "viewed";
    public const string Shortlisted = "shortlisted";
    public const string InterviewInvited = "interview_invited";
    public const string Offered = "offered";
    public const string Signed = "signed";
    public const string Rejected = "rejected";
    public const string Withdrawn = "withdrawn";
    /// <summary>What a student sends to sign an offer; the application becomes <see cref="Signed"/>.</summary>
    public const string Accepted = "accepted";

    public static readonly string[] All = [Submitted, Viewed, Shortlisted, InterviewInvited, Offered, Signed, Rejected, Withdrawn];
}

internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public const string OnePerStudentAndPosition = "ix_applications_student_id_position_id";
    public const string OneSignedPerStudent = "ix_applications_one_signed";
    /// <summary>Raised by a trigger (0016): an application is made only under a roster claim that has not been released.</summary>
    public const string ByClaimedStudent = "ck_applications_claimed_student";

    public void Configure(EntityTypeBuilder<Application> b)
    {
        b.Property(a => a.Status).HasMaxLength(20);
        b.Property(a => a.ResumeTitle).HasMaxLength(100);
        // One application per student and position, decided by the database rather than a prior read.
        b.HasIndex(a => new { a.StudentId, a.PositionId }).IsUnique().HasDatabaseName(OnePerStudentAndPosition);
        // A student signs at most one offer.
        b.HasIndex(a => a.StudentId).IsUnique().HasFilter("status = 'signed'").HasDatabaseName(OneSignedPerStudent);
        b.HasIndex(a => new { a.EmployerId, a.CreatedAt });
        b.HasIndex(a => new { a.FairId, a.UniversityId });
        b.HasIndex(a => new { a.UniversityId, a.CreatedAt });
        b.HasIndex(a => a.ResumeId);
        b.HasIndex(a => a.PositionId);
        b.HasOne<Student>().WithMany().HasForeignKey(a => a.StudentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Position>().WithMany().HasForeignKey(a => a.PositionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Fair>().WithMany().HasForeignKey(a => a.FairId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Resume>().WithMany().HasForeignKey(a => a.ResumeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ApplicationTransitionConfiguration : IEntityTypeConfiguration<ApplicationTransition>
{
    public void Configure(EntityTypeBuilder<ApplicationTransition> b)
    {
        b.ToTable("application_transitions");
        b.Property(t => t.FromStatus).HasMaxLength(20);
        b.Property(t => t.ToStatus).HasMaxLength(20);
        b.Property(t => t.ByRole).HasMaxLength(20);
        b.Property(t => t.Note).HasMaxLength(1000);
        b.HasIndex(t => new { t.ApplicationId, t.At });
        b.HasOne<Application>().WithMany().HasForeignKey(t => t.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}
