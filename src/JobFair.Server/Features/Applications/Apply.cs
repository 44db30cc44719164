using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Positions;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Applications;

public sealed record ApplicationSubmitted(Guid ApplicationId, Guid PositionId, Guid FairId, Guid EmployerId, Guid StudentId,
    Guid UniversityId, string StudentName, string UniversityName, string Major) : IDomainEvent;

/// <summary>A student of a host university delivers one of their resumes to a position shared into the fair.</summary>
public sealed class Apply(JobFairDb db, TimeProvider time, IValidator<Apply.Request> validator) : IUseCase
{
    public sealed record Request(Guid PositionId, Guid FairId, Guid ResumeId);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.PositionId).NotEmpty();
            RuleFor(r => r.FairId).NotEmpty();
            RuleFor(r => r.ResumeId).NotEmpty();
        }
    }

    public static readonly Refusal NotHostStudent =
        Refusal.Forbidden("not_host_student", "Only students of this fair's two host universities may apply in it.");
    public static readonly Refusal PositionClosed = Refusal.Conflict("position_closed", "This position no longer takes applications.");
    public static readonly Refusal AlreadyApplied = Refusal.Conflict("already_applied", "You have already applied to this position.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/applications", (Request request, CurrentUser caller, Apply apply, CancellationToken ct) =>
                apply.RunAsync(caller, request, ct).ToCreated(a => $"/api/applications/{a.Id}"))
            .RequireAuthorization(Policies.Student)
            .Idempotent()
            .Refuses(Refusal.Invalid("positionId", "required"), StudentCaller.NotStudent, Refusal.NotFound("fair, position or resume"),
                FairAccess.Closed, NotHostStudent, PositionClosed, AlreadyApplied)
            .WithSummary("Deliver a resume to a position in a fair (one application per student and position; Idempotency-Key honoured).");

    public async Task<Outcome<ApplicationResponse>> RunAsync(CurrentUser caller, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var target = await TargetAsync(caller, request.PositionId, request.FairId, request.ResumeId, ct);
        if (target.IsRefused(out var refusal)) return refusal;
        var (student, fairId, positionId, employerId, resume) = target.Value;
        if (resume is null) return Refusal.NotFound("resume");
        var now = time.GetUtcNow();

        var application = new Application
        {
            StudentId = student.Id, UniversityId = student.UniversityId, PositionId = positionId, EmployerId = employerId,
            FairId = fairId, ResumeId = resume.Id, ResumeTitle = resume.Title, CreatedAt = now, UpdatedAt = now,
        };
        db.Applications.Add(application);
        db.Publish(new ApplicationSubmitted(application.Id, positionId, fairId, employerId, student.Id,
            student.UniversityId, student.Name, student.University, student.Major), time);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation(ApplicationConfiguration.OnePerStudentAndPosition))
        {
            return AlreadyApplied;
        }
        catch (DbUpdateException e) when (e.IsCheckViolation(ApplicationConfiguration.ByClaimedStudent))
        {
            // The centre released this roster claim meanwhile (0016's trigger waited for it).
            return StudentCaller.NotStudent;
        }
        return ApplicationResponse.From(application);
    }

    /// <summary>
    /// Why the caller may not apply to this position in this fair, before choosing a resume (the
    /// position page offers its button only where this is null); null when they may. Whether they
    /// already applied is known only when the application is saved.
    /// </summary>
    public async Task<Refusal?> RefusalAsync(CurrentUser caller, Guid positionId, Guid fairId, CancellationToken ct) =>
        (await TargetAsync(caller, positionId, fairId, resumeId: null, ct)).Refusal;

    private sealed record Applicant(Guid Id, Guid UniversityId, string Name, string Major, string University);
    private sealed record FairState(string Status, DateTimeOffset EndsAt, Guid SupportedId, Guid SupportingId);
    private sealed record PositionState(Guid Id, Guid EmployerId, string Status, DateTimeOffset? ClosesAt);
    private sealed record ChosenResume(Guid Id, string Title);
    private sealed record Target(Applicant Student, Guid FairId, Guid PositionId, Guid EmployerId, ChosenResume? Resume);

    /// <summary>
    /// The student, the fair, the position and the chosen resume of an application, read in one query (one
    /// round trip, not four: an application's time is mostly round trips), then checked in the order the
    /// refusals are documented.
    /// </summary>
    private async Task<Outcome<Target>> TargetAsync(CurrentUser caller, Guid positionId, Guid fairId, Guid? resumeId, CancellationToken ct)
    {
        var found = await db.Students.AsNoTracking().Where(s => s.UserId == caller.Id)
            .Select(s => new
            {
                Student = new Applicant(s.Id, s.UniversityId, s.Name, s.Major,
                    db.Universities.Where(u => u.Id == s.UniversityId).Select(u => u.Name).Single()),
                Fair = db.Fairs.Where(f => f.Id == fairId)
                    .Select(f => new FairState(f.Status, f.EndsAt, f.Pair.SupportedId, f.Pair.SupportingId)).FirstOrDefault(),
                Position = db.PositionFairs.Where(pf => pf.FairId == fairId && pf.PositionId == positionId)
                    .Join(db.Positions.Listed(db), pf => pf.PositionId, p => p.Id, (_, p) => new PositionState(p.Id, p.EmployerId, p.Status, p.ClosesAt))
                    .FirstOrDefault(),
                Resume = db.Resumes.Where(r => r.Id == resumeId && r.StudentId == s.Id && r.DeletedAt == null)
                    .Select(r => new ChosenResume(r.Id, r.Title)).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (found is null) return StudentCaller.NotStudent;
        var (student, fair, position) = (found.Student, found.Fair, found.Position);

        // A draft is seen only by its hosts' centres and the admin (FairAccess.FindVisibleAsync); to them it is not open.
        if (fair is null || fair.Status == FairStatus.Draft && !await SeesDraftAsync(caller, fair, ct)) return Refusal.NotFound("fair");
        var now = time.GetUtcNow();
        if (FairStatus.Effective(fair.Status, fair.EndsAt, now) != FairStatus.Published) return FairAccess.Closed;
        if (student.UniversityId != fair.SupportedId && student.UniversityId != fair.SupportingId) return NotHostStudent;

        if (position is null) return Refusal.NotFound("position in this fair");
        if (PositionResponse.EffectiveStatus(position.Status, position.ClosesAt, now) != PositionStatus.Open) return PositionClosed;
        return new Target(student, fairId, position.Id, position.EmployerId, found.Resume);
    }

    private static async Task<bool> SeesDraftAsync(CurrentUser caller, FairState fair, CancellationToken ct) =>
        caller.IsIn(Roles.Admin) || await caller.CentreUniversityAsync(ct) is { } centre && (centre == fair.SupportedId || centre == fair.SupportingId);
}

public sealed record ApplicationResponse(Guid Id, Guid PositionId, Guid FairId, Guid ResumeId, string ResumeTitle, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ApplicationResponse From(Application a) =>
        new(a.Id, a.PositionId, a.FairId, a.ResumeId, a.ResumeTitle, a.Status, a.CreatedAt, a.UpdatedAt);
}
