using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Students;

/// <summary>
/// The contract's readers of a resume get its PDF: its owner (until they remove it), the
/// recruiters of employers it was sent to, and its owner's career centre. Every read is audited.
/// </summary>
public sealed class DownloadResume(JobFairDb db, TimeProvider time) : IUseCase
{
    /// <summary>Whoever may not read a resume is not told it exists.</summary>
    public static readonly Refusal NotFound = Refusal.NotFound("resume");

    public sealed record ResumeFile(byte[] Content, string FileName);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/resumes/{id:guid}/file", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (
                Guid id, HttpResponse response, CurrentUser caller, DownloadResume download, CancellationToken ct) =>
            {
                var outcome = await download.RunAsync(caller, id, ct);
                if (outcome.IsRefused(out var refusal)) return refusal.ToProblem();
                KeepPrivate(response);
                return TypedResults.File(outcome.Value.Content, "application/pdf", outcome.Value.FileName);
            })
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(NotFound)
            .WithSummary("The PDF, for its owner, recruiters it was sent to, and its owner's career centre; every read is audited.");

    /// <summary>
    /// The same PDF for people, opened in the browser's own viewer rather than downloaded (the link
    /// on a recruiter's application pages). Not part of the API: signed out, the reader is sent to
    /// sign in; refused, they get the site's error page.
    /// </summary>
    internal static void MapForPeople(IEndpointRouteBuilder app) =>
        app.MapGet("/resumes/{id:guid}", async Task<Results<FileContentHttpResult, StatusCodeHttpResult>> (
                Guid id, HttpResponse response, CurrentUser caller, DownloadResume download, CancellationToken ct) =>
            {
                var outcome = await download.RunAsync(caller, id, ct);
                if (outcome.IsRefused(out var refusal)) return TypedResults.StatusCode(refusal.Status);
                KeepPrivate(response);
                response.Headers.ContentDisposition =
                    new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("inline") { FileNameStar = outcome.Value.FileName }.ToString();
                return TypedResults.File(outcome.Value.Content, "application/pdf");
            })
            .RequireAuthorization(Policies.SignedIn)
            .ExcludeFromDescription();

    /// <summary>Personal data: never sniffed into something a browser renders, never kept by a shared cache.</summary>
    private static void KeepPrivate(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
    }

    public async Task<Outcome<ResumeFile>> RunAsync(CurrentUser caller, Guid id, CancellationToken ct)
    {
        var resume = await db.Resumes.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { r.Id, r.StudentId, r.Title, r.DeletedAt, Owner = db.Students.Where(s => s.Id == r.StudentId).Select(s => new { s.UserId, s.UniversityId }).Single() })
            .SingleOrDefaultAsync(ct);
        if (resume is null || await caller.GetAsync(ct) is not { } reader) return NotFound;

        string? role = null;
        if (resume.Owner.UserId == reader.Id && resume.DeletedAt is null) role = Roles.Student;
        else if (caller.IsIn(Roles.Centre) && reader.UniversityId == resume.Owner.UniversityId) role = Roles.Centre;
        else if (caller.IsIn(Roles.Recruiter) && reader.EmployerId is { } employerId &&
                 await db.Applications.AnyAsync(a => a.ResumeId == id && a.EmployerId == employerId, ct)) role = Roles.Recruiter;
        if (role is null) return NotFound;

        db.ResumeReads.Add(new ResumeRead
        {
            ResumeId = id, ReaderId = reader.Id, ReaderRole = role, At = time.GetUtcNow(),
            EmployerId = role == Roles.Recruiter ? reader.EmployerId : null,
            UniversityId = role == Roles.Centre ? reader.UniversityId : null,
        });
        await db.SaveChangesAsync(ct);
        var content = await db.Resumes.Where(r => r.Id == id).Select(r => r.Content).SingleAsync(ct);
        return new ResumeFile(content, SafeFileName(resume.Title));
    }

    /// <summary>The title as a download name, without what would break the Content-Disposition header or a path.</summary>
    private static string SafeFileName(string title)
    {
        var clean = new string(title.Where(c => !char.IsControl(c) && c is not ('"' or '/' or '\\')).ToArray()).Trim();
        return (clean.Length == 0 ? "resume" : clean) + ".pdf";
    }
}
