using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Students;

/// <summary>A student lists the resumes they have not removed, newest first.</summary>
public sealed class ListMyResumes(JobFairDb db) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/students/me/resumes", (CurrentUser caller, ListMyResumes list, CancellationToken ct) => list.RunAsync(caller, ct).ToOk())
            .RequireAuthorization(Policies.Student)
            .Refuses(StudentCaller.NotStudent)
            .WithSummary("The caller's resumes.");

    public async Task<Outcome<Page<ResumeResponse>>> RunAsync(CurrentUser caller, CancellationToken ct)
    {
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
        var items = await db.Resumes.Where(r => r.StudentId == studentId && r.DeletedAt == null).OrderByDescending(r => r.UploadedAt)
            .Select(r => new ResumeResponse(r.Id, r.Title, r.Size, r.UploadedAt)).ToListAsync(ct);
        return new Page<ResumeResponse>(items, items.Count);
    }
}
