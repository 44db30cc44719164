using System.Text;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Students;

/// <summary>
/// An uploaded PDF. Its content never changes (a new version is a new upload) and deleting only
/// hides it from its owner, so what an employer received stays what it was.
/// </summary>
public sealed class Resume
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid StudentId { get; init; }
    public required string Title { get; set; }
    public int Size { get; init; }
    public required byte[] Content { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
    public DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>Who opened which resume, when: every read of personal data leaves one.</summary>
public sealed class ResumeRead
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ResumeId { get; init; }
    public Guid ReaderId { get; init; }
    public required string ReaderRole { get; init; }
    public Guid? EmployerId { get; init; }
    public Guid? UniversityId { get; init; }
    public DateTimeOffset At { get; init; }
}

internal sealed class ResumeConfiguration : IEntityTypeConfiguration<Resume>
{
    public void Configure(EntityTypeBuilder<Resume> b)
    {
        b.Property(r => r.Title).HasMaxLength(100);
        b.HasIndex(r => r.StudentId);
        b.HasOne<Student>().WithMany().HasForeignKey(r => r.StudentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ResumeReadConfiguration : IEntityTypeConfiguration<ResumeRead>
{
    public void Configure(EntityTypeBuilder<ResumeRead> b)
    {
        b.ToTable("resume_reads");
        b.Property(r => r.ReaderRole).HasMaxLength(20);
        b.HasIndex(r => new { r.ResumeId, r.At });
        b.HasOne<Resume>().WithMany().HasForeignKey(r => r.ResumeId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Recognises a PDF by what it contains, not by what the client calls it.</summary>
public static class PdfCheck
{
    public static bool LooksLikePdf(ReadOnlySpan<byte> file)
    {
        if (file.Length < 64 || !file.StartsWith("%PDF-"u8)) return false;
        var tail = file[Math.Max(0, file.Length - 2048)..];
        if (tail.LastIndexOf("%%EOF"u8) < 0) return false;
        // startxref gives the byte offset of the cross-reference table (xref) or stream (N G obj).
        var at = tail.LastIndexOf("startxref"u8);
        if (at < 0) return false;
        var digits = Encoding.ASCII.GetString(tail[(at + 9)..]).TrimStart();
        var end = 0;
        while (end < digits.Length && char.IsAsciiDigit(digits[end])) end++;
        if (end == 0 || !long.TryParse(digits.AsSpan(0, end), out var offset) || offset <= 0 || offset >= file.Length - 4) return false;
        var target = file[(int)offset..];
        if (target.StartsWith("xref"u8)) return true;
        var head = Encoding.ASCII.GetString(target[..Math.Min(32, target.Length)]);
        return System.Text.RegularExpressions.Regex.IsMatch(head, @"^\d+\s+\d+\s+obj");
    }
}
