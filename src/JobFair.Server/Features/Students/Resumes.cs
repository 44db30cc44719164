using JobFair.Server.Features.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace JobFair.Server.Features.Students;

/// <summary>Students upload PDF resumes; reads are limited to the contract's readers and audited.</summary>
internal static class Resumes
{
    public const int MaxBytes = 5 * 1024 * 1024;

    public sealed record ResumeResponse(Guid Id, string Title, int Size, DateTimeOffset UploadedAt);
    public sealed record Reader(string Name, string? Employer, string? University);
    public sealed record Access(Guid ResumeId, string ResumeTitle, Reader Reader, DateTimeOffset At);

    public static void Map(IEndpointRouteBuilder students, IEndpointRouteBuilder signedIn)
    {
        students.MapPost("/api/students/me/resumes", Upload)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBytes + 256 * 1024))
            .DisableAntiforgery()
            .Idempotent()
            .WithSummary("Upload a PDF resume (multipart: file, title; at most 5 MB, checked by content).");
        students.MapGet("/api/students/me/resumes", Mine).WithSummary("The caller's resumes.");
        students.MapDelete("/api/students/me/resumes/{id:guid}", Delete)
            .WithSummary("Remove a resume from the caller's list; employers keep what they already received.");
        students.MapGet("/api/students/me/resume-access", AccessLog).Validate<PageQuery>()
            .WithSummary("Who read which of the caller's resumes, and when.");
        signedIn.MapGet("/api/resumes/{id:guid}/file", Download)
            .WithSummary("The PDF, for its owner, recruiters it was sent to, and its owner's career centre; every read is audited.");
    }

    private static async Task<Results<Created<ResumeResponse>, ProblemHttpResult, ValidationProblem>> Upload(
        HttpRequest http, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        if (await current.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent.ToProblem();
        if (!http.HasFormContentType) return Problem.Invalid("file", "Send multipart/form-data with a file and a title.");
        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return Problem.Invalid("file", "The multipart body could not be read: " + e.Message);
        }
        var file = form.Files.GetFile("file");
        var title = form["title"].ToString().Trim();
        if (file is null || file.Length == 0) return Problem.Invalid("file", "Attach the resume as the form field 'file'.");
        if (title.Length is 0 or > 100) return Problem.Invalid("title", "Give the resume a title of 1-100 characters.");
        if (file.Length > MaxBytes)
            return Problem.Refuse(StatusCodes.Status413PayloadTooLarge, "too_large", "A resume may be at most 5 MB.");

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(content, ct);
        if (!PdfCheck.LooksLikePdf(content))
            return Problem.Refuse(StatusCodes.Status415UnsupportedMediaType, "not_pdf", "The file is not a PDF.");

        var resume = new Resume { StudentId = studentId, Title = title, Size = content.Length, Content = content, UploadedAt = time.GetUtcNow() };
        db.Resumes.Add(resume);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/resumes/{resume.Id}/file", new ResumeResponse(resume.Id, resume.Title, resume.Size, resume.UploadedAt));
    }

    private static async Task<Results<Ok<Page<ResumeResponse>>, ProblemHttpResult>> Mine(CurrentUser current, JobFairDb db, CancellationToken ct)
    {
        if (await current.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent.ToProblem();
        var items = await db.Resumes.Where(r => r.StudentId == studentId && r.DeletedAt == null).OrderByDescending(r => r.UploadedAt)
            .Select(r => new ResumeResponse(r.Id, r.Title, r.Size, r.UploadedAt)).ToListAsync(ct);
        return TypedResults.Ok(new Page<ResumeResponse>(items, items.Count));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        if (await current.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent.ToProblem();
        var now = time.GetUtcNow();
        var deleted = await db.Resumes.Where(r => r.Id == id && r.StudentId == studentId && r.DeletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.DeletedAt, now), ct);
        return deleted == 0 ? Problem.NotFound("resume") : TypedResults.NoContent();
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Download(
        Guid id, HttpContext http, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var resume = await db.Resumes.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { r.Id, r.StudentId, r.Title, r.DeletedAt, Owner = db.Students.Where(s => s.Id == r.StudentId).Select(s => new { s.UserId, s.UniversityId }).Single() })
            .SingleOrDefaultAsync(ct);
        if (resume is null) return Problem.NotFound("resume");

        var caller = await current.GetAsync(ct);
        string? role = null;
        if (caller is null) return Problem.NotFound("resume");
        if (resume.Owner.UserId == caller.Id && resume.DeletedAt is null) role = Roles.Student;
        else if (current.IsIn(Roles.Centre) && caller.UniversityId == resume.Owner.UniversityId) role = Roles.Centre;
        else if (current.IsIn(Roles.Recruiter) && caller.EmployerId is { } employerId &&
                 await db.Applications.AnyAsync(a => a.ResumeId == id && a.EmployerId == employerId, ct)) role = Roles.Recruiter;
        // Whoever may not read it is not told it exists.
        if (role is null) return Problem.NotFound("resume");

        db.ResumeReads.Add(new ResumeRead
        {
            ResumeId = id, ReaderId = caller.Id, ReaderRole = role, At = time.GetUtcNow(),
            EmployerId = role == Roles.Recruiter ? caller.EmployerId : null,
            UniversityId = role == Roles.Centre ? caller.UniversityId : null,
        });
        await db.SaveChangesAsync(ct);
        var content = await db.Resumes.Where(r => r.Id == id).Select(r => r.Content).SingleAsync(ct);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(content, "application/pdf", SafeFileName(resume.Title));
    }

    private static async Task<Results<Ok<Page<Access>>, ProblemHttpResult>> AccessLog(
        [AsParameters] PageQuery query, CurrentUser current, JobFairDb db, CancellationToken ct)
    {
        if (await current.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent.ToProblem();
        var reads = db.ResumeReads.AsNoTracking().Join(db.Resumes.Where(r => r.StudentId == studentId), a => a.ResumeId, r => r.Id, (a, r) => new { a, r.Title });
        var paging = query.Paging;
        var page = await reads.OrderByDescending(x => x.a.At).ThenBy(x => x.a.Id).Skip(paging.Skip).Take(paging.Size)
            .Select(x => new
            {
                x.a.ResumeId, x.Title, x.a.At, x.a.ReaderRole,
                Employer = db.Employers.Where(e => e.Id == x.a.EmployerId).Select(e => e.Name).SingleOrDefault(),
                University = db.Universities.Where(u => u.Id == x.a.UniversityId).Select(u => u.Name).SingleOrDefault(),
            })
            .ToListAsync(ct);
        var items = page.Select(x => new Access(x.ResumeId, x.Title, new Reader(ReaderName(x.ReaderRole), x.Employer, x.University), x.At)).ToList();
        return TypedResults.Ok(new Page<Access>(items, await reads.CountAsync(ct)));
    }

    /// <summary>Staff are named by their role and organisation, never by their login address.</summary>
    private static string ReaderName(string role) => role switch
    {
        Roles.Student => "本人 (you)",
        Roles.Recruiter => "招聘方 (recruiter)",
        _ => "就业指导中心 (career centre)",
    };

    private static string SafeFileName(string title)
    {
        var clean = new string(title.Where(c => !char.IsControl(c) && c is not ('"' or '/' or '\\')).ToArray()).Trim();
        return (clean.Length == 0 ? "resume" : clean) + ".pdf";
    }
}
