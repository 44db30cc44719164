using JobFair.Server.Features.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace JobFair.Server.Features.Students;

public sealed record ResumeResponse(Guid Id, string Title, int Size, DateTimeOffset UploadedAt);

/// <summary>A student uploads a PDF resume; it is taken only if its content is a PDF of at most 5 MB.</summary>
public sealed class UploadResume(JobFairDb db, TimeProvider time, IValidator<UploadResume.Request> validator) : IUseCase
{
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>Resumes a student may keep at once (deleting one makes room): bounds what one account can store.</summary>
    public const int MaxStored = 10;

    /// <summary>The file as sent: its content, its length in bytes, and the title the student gives it.</summary>
    /// <remarks>No file name: a resume is recognised by its content and stored under its title.</remarks>
    public sealed record Request(string Title, long Length, Stream Content);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Length).GreaterThan(0).OverridePropertyName("file").WithMessage("Attach the resume as the form field 'file'.");
            RuleFor(r => r.Title).Must(t => t.Trim().Length is > 0 and <= 100).WithMessage("Give the resume a title of 1-100 characters.");
        }
    }

    public static readonly Refusal TooLarge = new(StatusCodes.Status413PayloadTooLarge, "too_large", "A resume may be at most 5 MB.");
    public static readonly Refusal NotPdf = new(StatusCodes.Status415UnsupportedMediaType, "not_pdf", "The file is not a PDF.");
    public static readonly Refusal TooMany = Refusal.Conflict("too_many_resumes",
        $"You already keep {MaxStored} resumes; delete one before uploading another.");
    private static readonly Refusal NotMultipart = Refusal.Invalid("file", "Send multipart/form-data with a file and a title.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/students/me/resumes", async Task<Results<Created<ResumeResponse>, ProblemHttpResult>> (
                HttpRequest http, CurrentUser caller, UploadResume upload, CancellationToken ct) =>
            {
                if (!http.HasFormContentType) return NotMultipart.ToProblem();
                IFormCollection form;
                try
                {
                    form = await http.ReadFormAsync(ct);
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    return Refusal.Invalid("file", "The multipart body could not be read: " + e.Message).ToProblem();
                }
                var file = form.Files.GetFile("file");
                await using var content = file?.OpenReadStream() ?? Stream.Null;
                return await upload.RunAsync(caller, new Request(form["title"].ToString(), file?.Length ?? 0, content), ct)
                    .ToCreated(r => $"/api/resumes/{r.Id}/file");
            })
            .RequireAuthorization(Policies.Student)
            .RequireRateLimiting(RateLimits.Uploads)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBytes + 256 * 1024))
            .DisableAntiforgery()
            .Idempotent()
            .Refuses(NotMultipart, StudentCaller.NotStudent, TooLarge, NotPdf, TooMany, RateLimits.TooMany)
            .WithSummary("Upload a PDF resume (multipart: file, title; at most 5 MB, checked by content; at most 10 kept at once).");

    public async Task<Outcome<ResumeResponse>> RunAsync(CurrentUser caller, Request request, CancellationToken ct)
    {
        // The caller first, as before: someone who is not a student is told so, whatever they sent.
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (request.Length > MaxBytes) return TooLarge;

        var content = new byte[request.Length];
        await request.Content.ReadExactlyAsync(content, ct);
        if (!PdfCheck.LooksLikePdf(content)) return NotPdf;

        var resume = new Resume { StudentId = studentId, Title = request.Title.Trim(), Size = content.Length, Content = content, UploadedAt = time.GetUtcNow() };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Uploads of one student are counted one at a time, so racing uploads cannot pass the cap together.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM students WHERE id = {studentId} FOR NO KEY UPDATE", ct);
        if (await db.Resumes.CountAsync(r => r.StudentId == studentId && r.DeletedAt == null, ct) >= MaxStored) return TooMany;
        db.Resumes.Add(resume);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ResumeResponse(resume.Id, resume.Title, resume.Size, resume.UploadedAt);
    }
}
