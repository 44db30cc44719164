using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Applications;

/// <summary>Who sees which applications: students their own, recruiters their employer's, centres their own students'.</summary>
public sealed class ListApplications(JobFairDb db, IValidator<ListApplications.Query> validator) : IUseCase
{
    /// <summary><paramref name="Major"/>: applicants whose major contains these words (the recruiter's board filters by it).</summary>
    public sealed record Query(Guid? PositionId, string? Status, Guid? FairId, Guid? UniversityId, int? Page, int? PageSize,
        string? Major = null)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).Must(s => s is null || ApplicationStatus.All.Contains(s)).WithMessage("unknown status");
            RuleFor(q => q.Major).MaximumLength(50);
            PagingRules.Add(this, q => q.Paging);
        }
    }

    public static readonly Refusal NotOwnUniversity = Refusal.Forbidden("not_own_university", "A centre sees only its own students' applications.");

    public sealed record StudentRef(string Name, string University, string Major, string Degree);
    public sealed record PositionRef(Guid Id, string Title, Guid EmployerId, string EmployerName);
    /// <summary>
    /// An application; <c>resumeReadAt</c> is when a recruiter of the employer first opened its resume (null: not yet),
    /// so that a student sees whether their resume was read and an employer what it has left unread.
    /// </summary>
    public sealed record Item(Guid Id, Guid PositionId, Guid FairId, Guid ResumeId, string ResumeTitle, string Status,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, PositionRef Position, StudentRef Student, DateTimeOffset? ResumeReadAt);

    internal static void Map(IEndpointRouteBuilder api)
    {
        var invalid = Refusal.Invalid("status", "unknown status");
        api.MapGet("/students/me/applications", ([AsParameters] Query query, CurrentUser caller, ListApplications list, CancellationToken ct) =>
                list.ForStudentAsync(caller, query, ct).ToOk())
            .RequireAuthorization(Policies.Student)
            .Refuses(invalid, StudentCaller.NotStudent)
            .WithSummary("The caller's applications, newest first, each with when the employer first read its resume (resumeReadAt).");
        api.MapGet("/employers/me/applications", ([AsParameters] Query query, CurrentUser caller, ListApplications list, CancellationToken ct) =>
                list.ForEmployerAsync(caller, query, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(invalid, RecruiterCaller.NotRecruiter)
            .WithSummary("Applications to the caller's employer's positions; filter by position, status, fair, university and major.");
        api.MapGet("/universities/{id:guid}/applications", (Guid id, [AsParameters] Query query, CurrentUser caller, ListApplications list, CancellationToken ct) =>
                list.ForUniversityAsync(caller, id, query, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.NotFound("university"), invalid, NotOwnUniversity)
            .WithSummary("A centre follows its own students' applications (for guidance).");
    }

    public async Task<Outcome<Page<Item>>> ForStudentAsync(CurrentUser caller, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
        return await ListAsync(db.Applications.Where(a => a.StudentId == studentId), query, ct);
    }

    public async Task<Outcome<Page<Item>>> ForEmployerAsync(CurrentUser caller, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        return await ListAsync(db.Applications.Where(a => a.EmployerId == employerId), query, ct);
    }

    public sealed record UniversityRef(Guid Id, string Name);

    /// <summary>The universities the employer's applicants come from, by name: the choices of the inbox's university filter.</summary>
    public async Task<Outcome<IReadOnlyList<UniversityRef>>> UniversitiesForEmployerAsync(CurrentUser caller, CancellationToken ct)
    {
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        var universities = await db.Universities.AsNoTracking()
            .Where(u => db.Applications.Any(a => a.EmployerId == employerId && a.UniversityId == u.Id))
            .OrderBy(u => u.Name).Select(u => new UniversityRef(u.Id, u.Name)).ToListAsync(ct);
        return universities;
    }

    public async Task<Outcome<Page<Item>>> ForUniversityAsync(CurrentUser caller, Guid universityId, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.CentreUniversityAsync(ct) != universityId) return NotOwnUniversity;
        return await ListAsync(db.Applications.Where(a => a.UniversityId == universityId), query, ct);
    }

    private async Task<Page<Item>> ListAsync(IQueryable<Application> applications, Query query, CancellationToken ct)
    {
        if (query.PositionId is { } positionId) applications = applications.Where(a => a.PositionId == positionId);
        if (query.Status is { } status) applications = applications.Where(a => a.Status == status);
        if (query.FairId is { } fairId) applications = applications.Where(a => a.FairId == fairId);
        if (query.UniversityId is { } universityId) applications = applications.Where(a => a.UniversityId == universityId);
        if (!string.IsNullOrWhiteSpace(query.Major))
        {
            var major = Like.Containing(query.Major);
            applications = applications.Where(a => db.Students.Any(s => s.Id == a.StudentId && EF.Functions.ILike(s.Major, major)));
        }
        var paging = query.Paging;
        var page = await ItemsAsync(db, applications.OrderByDescending(a => a.CreatedAt).ThenBy(a => a.Id).Skip(paging.Skip).Take(paging.Size), ct);
        return new Page<Item>(page, await applications.CountAsync(ct));
    }

    /// <summary>These applications (already ordered and paged) as list items, with their student and position, in the same order.</summary>
    internal static async Task<List<Item>> ItemsAsync(JobFairDb db, IQueryable<Application> applications, CancellationToken ct)
    {
        var items = await applications.AsNoTracking()
            .Join(db.Students, a => a.StudentId, s => s.Id, (a, s) => new { a, s })
            .Join(db.Positions, x => x.a.PositionId, p => p.Id, (x, p) => new { x.a, x.s, p })
            .Join(db.Universities, x => x.a.UniversityId, u => u.Id, (x, u) => new
            {
                x.a.Id, x.a.PositionId, x.a.FairId, x.a.ResumeId, x.a.ResumeTitle, x.a.Status, x.a.CreatedAt, x.a.UpdatedAt,
                PositionTitle = x.p.Title, x.p.EmployerId, x.p.EmployerName, StudentName = x.s.Name, University = u.Name, x.s.Major, x.s.Degree,
                ResumeReadAt = db.ResumeReads.Where(r => r.ResumeId == x.a.ResumeId && r.EmployerId == x.a.EmployerId)
                    .Min(r => (DateTimeOffset?)r.At),
            })
            .ToListAsync(ct);
        return items.OrderByDescending(x => x.CreatedAt).ThenBy(x => x.Id)
            .Select(x => new Item(x.Id, x.PositionId, x.FairId, x.ResumeId, x.ResumeTitle, x.Status, x.CreatedAt, x.UpdatedAt,
                new PositionRef(x.PositionId, x.PositionTitle, x.EmployerId, x.EmployerName),
                new StudentRef(x.StudentName, x.University, x.Major, x.Degree), x.ResumeReadAt))
            .ToList();
    }
}
