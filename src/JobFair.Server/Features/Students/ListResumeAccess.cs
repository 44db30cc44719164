using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Students;

/// <summary>A student sees who read which of their resumes, and when, newest first.</summary>
public sealed class ListResumeAccess(JobFairDb db, IValidator<PageQuery> validator) : IUseCase
{
    public sealed record Reader(string Name, string? Employer, string? University);
    public sealed record Access(Guid ResumeId, string ResumeTitle, Reader Reader, DateTimeOffset At);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/students/me/resume-access", ([AsParameters] PageQuery query, CurrentUser caller, ListResumeAccess list, CancellationToken ct) =>
                list.RunAsync(caller, query, ct).ToOk())
            .RequireAuthorization(Policies.Student)
            .Refuses(Refusal.Invalid("pageSize", "at most 100"), StudentCaller.NotStudent)
            .WithSummary("Who read which of the caller's resumes, and when.");

    public async Task<Outcome<Page<Access>>> RunAsync(CurrentUser caller, PageQuery query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
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
        return new Page<Access>(items, await reads.CountAsync(ct));
    }

    /// <summary>Staff are named by their role and organisation, never by their login address.</summary>
    private static string ReaderName(string role) => role switch
    {
        Roles.Student => "本人 (you)",
        Roles.Recruiter => "招聘方 (recruiter)",
        _ => "就业指导中心 (career centre)",
    };
}
