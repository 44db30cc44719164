using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Universities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Students;

/// <summary>
/// A graduate on a university's roster, imported by its career centre. A signed-in user becomes
/// this student by claiming the row with the matching student number, name and the row's current
/// activation code. A claim the centre released stays as it was (with what was done under it) and
/// the graduate continues on a fresh row with the same student number.
/// </summary>
public sealed class Student
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UniversityId { get; init; }
    public required string StudentNo { get; init; }
    public required string Name { get; set; }
    public required string Major { get; set; }
    public required string Degree { get; set; }
    public int GraduationYear { get; set; }
    public Guid? UserId { get; set; }
    /// <summary>Personal data: shown to the student and their own centre only.</summary>
    public string? Phone { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    /// <summary>The hash of the row's current activation code (<see cref="ActivationCodes.Hash"/>); null once used.</summary>
    public byte[]? ActivationCodeHash { get; set; }
    public DateTimeOffset? ActivationCodeExpiresAt { get; set; }
    /// <summary>When the centre released this claim; such a row is no longer on the roster.</summary>
    public DateTimeOffset? ReleasedAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class StudentConfiguration : IEntityTypeConfiguration<Student>
{
    public const string OnePerAccount = "ix_students_user_id";
    public const string OnePerStudentNo = "ix_students_university_id_student_no";

    public void Configure(EntityTypeBuilder<Student> b)
    {
        b.Property(s => s.StudentNo).HasMaxLength(32);
        b.Property(s => s.Name).HasMaxLength(50);
        b.Property(s => s.Major).HasMaxLength(100);
        b.Property(s => s.Degree).HasMaxLength(20);
        b.Property(s => s.Phone).HasMaxLength(20);
        // One roster row per student number and university (released claims aside); one student row per account.
        b.HasIndex(s => new { s.UniversityId, s.StudentNo }).IsUnique().HasFilter("released_at IS NULL").HasDatabaseName(OnePerStudentNo);
        b.HasIndex(s => s.UserId).IsUnique().HasFilter("user_id IS NOT NULL").HasDatabaseName(OnePerAccount);
        b.HasOne<University>().WithMany().HasForeignKey(s => s.UniversityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
