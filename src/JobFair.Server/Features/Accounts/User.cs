using Microsoft.AspNetCore.Identity;

namespace JobFair.Server.Features.Accounts;

/// <summary>A signed-in person. What they may do follows from their roles and the ids below.</summary>
public sealed class User : IdentityUser<Guid>
{
    /// <summary>For <c>centre</c> staff: the university whose career centre they work for.</summary>
    public Guid? UniversityId { get; set; }

    /// <summary>For <c>recruiter</c>s: the employer they recruit for.</summary>
    public Guid? EmployerId { get; set; }

    /// <summary>IANA zone for showing times; Asia/Shanghai when unset.</summary>
    public string? TimeZone { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

public static class Roles
{
    public const string Student = "student";
    public const string Recruiter = "recruiter";
    public const string Centre = "centre";
    /// <summary>A graduate counsellor (辅导员) of one university.</summary>
    public const string Counsellor = "counsellor";
    public const string Admin = "admin";
}

internal sealed class UserConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<User>
{
    /// <summary>Identity's indexes by the names the migrations gave them; a racing sign-up trips one of the two.</summary>
    public const string OneAccountPerEmail = "email_index";
    public const string OneAccountPerUserName = "user_name_index";

    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<User> b)
    {
        b.Property(u => u.TimeZone).HasMaxLength(64);
        // One account per email, enforced by the database so that two racing sign-ups cannot both win.
        b.HasIndex(u => u.NormalizedEmail).IsUnique().HasDatabaseName(OneAccountPerEmail);
        b.HasIndex(u => u.NormalizedUserName).IsUnique().HasDatabaseName(OneAccountPerUserName);
        b.HasOne<Universities.University>().WithMany().HasForeignKey(u => u.UniversityId)
            .OnDelete(Microsoft.EntityFrameworkCore.DeleteBehavior.Restrict);
        b.HasOne<Employers.Employer>().WithMany().HasForeignKey(u => u.EmployerId)
            .OnDelete(Microsoft.EntityFrameworkCore.DeleteBehavior.Restrict);
    }
}
