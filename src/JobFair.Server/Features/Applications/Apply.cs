using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Positions;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Applications;

public sealed record ApplicationSubmitted(Guid ApplicationId, Guid PositionId, Guid FairId, Guid EmployerId, Guid StudentId,
    Guid UniversityId, string StudentName, string UniversityName, string Major) : IDomainEvent;

/// <summary>A student of a host university delivers one of their resumes to a position shared into the fair.</summary>
internal static class Apply
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

    public static void Map(IEndpointRouteBuilder students) =>
        students.MapPost("/api/applications", Handle).Validate<Request>().Idempotent()
            .WithSummary("Deliver a resume to a position in a fair (one application per student and position; Idempotency-Key honoured).");

    private static async Task<Results<Created<ApplicationResponse>, ProblemHttpResult>> Handle(
        Request request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var student = await db.Students.AsNoTracking().Where(s => s.UserId == current.Id)
            .Select(s => new { s.Id, s.UniversityId, s.Name, s.Major, University = db.Universities.Where(u => u.Id == s.UniversityId).Select(u => u.Name).Single() })
            .SingleOrDefaultAsync(ct);
        if (student is null) return Resumes.NotStudent();

        var now = time.GetUtcNow();
        var fair = await db.FindVisibleAsync(request.FairId, current, ct);
        if (fair is null) return Problem.NotFound("fair");
        if (FairStatus.Effective(fair.Status, fair.EndsAt, now) != FairStatus.Published) return FairAccess.Closed();
        if (!fair.IsHostedBy(student.UniversityId))
            return Problem.Forbidden("not_host_student", "Only students of this fair's two host universities may apply in it.");

        var position = await db.PositionFairs.Where(pf => pf.FairId == fair.Id && pf.PositionId == request.PositionId)
            .Join(db.Positions, pf => pf.PositionId, p => p.Id, (_, p) => new { p.Id, p.EmployerId, p.Status, p.ClosesAt })
            .SingleOrDefaultAsync(ct);
        if (position is null) return Problem.NotFound("position in this fair");
        if (PositionResponse.EffectiveStatus(position.Status, position.ClosesAt, now) != PositionStatus.Open)
            return Problem.Conflict("position_closed", "This position no longer takes applications.");

        var resume = await db.Resumes.AsNoTracking()
            .Where(r => r.Id == request.ResumeId && r.StudentId == student.Id && r.DeletedAt == null)
            .Select(r => new { r.Id, r.Title }).SingleOrDefaultAsync(ct);
        if (resume is null) return Problem.NotFound("resume");

        var application = new Application
        {
            StudentId = student.Id, UniversityId = student.UniversityId, PositionId = position.Id, EmployerId = position.EmployerId,
            FairId = fair.Id, ResumeId = resume.Id, ResumeTitle = resume.Title, CreatedAt = now, UpdatedAt = now,
        };
        db.Applications.Add(application);
        db.Publish(new ApplicationSubmitted(application.Id, position.Id, fair.Id, position.EmployerId, student.Id,
            student.UniversityId, student.Name, student.University, student.Major), time);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Problem.Conflict("already_applied", "You have already applied to this position.");
        }
        return TypedResults.Created($"/api/applications/{application.Id}", ApplicationResponse.From(application));
    }
}

public sealed record ApplicationResponse(Guid Id, Guid PositionId, Guid FairId, Guid ResumeId, string ResumeTitle, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ApplicationResponse From(Application a) =>
        new(a.Id, a.PositionId, a.FairId, a.ResumeId, a.ResumeTitle, a.Status, a.CreatedAt, a.UpdatedAt);
}
