using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Interviews;
using JobFair.Server.Features.Students;
using S = JobFair.Server.Features.Applications.ApplicationStatus;

namespace JobFair.Server.Features.Applications;

public sealed record ApplicationStatusChanged(Guid ApplicationId, Guid PositionId, Guid FairId, Guid EmployerId, Guid StudentId,
    Guid UniversityId, string From, string To) : IDomainEvent;

/// <summary>
/// Moves an application along the contract's table of transitions. Each step is a conditional
/// update on the status it was read in, so two racing changes cannot both apply.
/// </summary>
internal static class ChangeStatus
{
    private static readonly Dictionary<string, string[]> RecruiterMay = new()
    {
        [S.Submitted] = [S.Viewed, S.Shortlisted, S.InterviewInvited, S.Rejected],
        [S.Viewed] = [S.Shortlisted, S.InterviewInvited, S.Rejected],
        [S.Shortlisted] = [S.InterviewInvited, S.Offered, S.Rejected],
        [S.InterviewInvited] = [S.Offered, S.Rejected],
        [S.Offered] = [S.Rejected],
    };

    private static readonly Dictionary<string, string[]> StudentMay = new()
    {
        [S.Submitted] = [S.Withdrawn],
        [S.Viewed] = [S.Withdrawn],
        [S.Shortlisted] = [S.Withdrawn],
        [S.InterviewInvited] = [S.Withdrawn],
        [S.Offered] = [S.Accepted, S.Withdrawn],
    };

    public sealed record Request(string Status, string? Note);
    public sealed record InviteRequest(string? Message);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Status).NotEmpty().MaximumLength(30);
            RuleFor(r => r.Note).MaximumLength(1000);
        }
    }

    internal sealed class InviteValidator : AbstractValidator<InviteRequest>
    {
        public InviteValidator() => RuleFor(r => r.Message).MaximumLength(1000);
    }

    public static void Map(IEndpointRouteBuilder signedIn, IEndpointRouteBuilder recruiters)
    {
        signedIn.MapPost("/api/applications/{id:guid}/status", Handle).Validate<Request>()
            .WithSummary("Recruiter: viewed, shortlisted, rejected, offered. Student: withdrawn, accepted (signs the offer). " +
                         "Anything else from the current status is 409 illegal_transition.");
        recruiters.MapPost("/api/applications/{id:guid}/invite", Invite).Validate<InviteRequest>()
            .WithSummary("Invite the applicant to a video interview (status interview_invited).");
    }

    private static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> Handle(
        Guid id, Request request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var (application, role) = await FindAsync(id, current, db, ct);
        if (application is null) return Problem.NotFound("application");
        if (request.Status == S.InterviewInvited)
            return Problem.Conflict("illegal_transition", "Invite through POST /api/applications/{id}/invite.");
        return await db.RetryAsync(() => MoveAsync(db, application, role!, request.Status, request.Note, current.Id!.Value, time, ct));
    }

    private static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> Invite(
        Guid id, InviteRequest request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var (application, role) = await FindAsync(id, current, db, ct);
        if (application is null || role != Roles.Recruiter) return Problem.NotFound("application");
        return await db.RetryAsync(() => MoveAsync(db, application, role, S.InterviewInvited, request.Message, current.Id!.Value, time, ct));
    }

    /// <summary>The application if the caller is its student or a recruiter of its employer; otherwise it does not exist for them.</summary>
    private static async Task<(Application?, string?)> FindAsync(Guid id, CurrentUser current, JobFairDb db, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (application is null) return (null, null);
        if (current.IsIn(Roles.Recruiter) && await current.EmployerAsync(ct) == application.EmployerId) return (application, Roles.Recruiter);
        if (current.IsIn(Roles.Student) && await Resumes.StudentIdAsync(current, db, ct) == application.StudentId) return (application, Roles.Student);
        return (null, null);
    }

    private static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> MoveAsync(JobFairDb db, Application application,
        string role, string requested, string? note, Guid by, TimeProvider time, CancellationToken ct)
    {
        var allowed = role == Roles.Recruiter ? RecruiterMay : StudentMay;
        if (!allowed.TryGetValue(application.Status, out var next) || !next.Contains(requested))
            return IllegalTransition(application.Status, requested);
        var to = requested == S.Accepted ? S.Signed : requested;
        var now = time.GetUtcNow();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (to == S.Signed)
        {
            // One signature at a time per student: their offers are decided in a single order.
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM students WHERE id = {application.StudentId} FOR UPDATE", ct);
        }
        int changed;
        try
        {
            changed = await db.Applications.Where(a => a.Id == application.Id && a.Status == application.Status)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, to).SetProperty(a => a.UpdatedAt, now), ct);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            return Problem.Conflict("already_signed", "You have already signed another offer.");
        }
        if (changed == 0) return IllegalTransition(application.Status, requested, changedMeanwhile: true);
        Record(db, application, application.Status, to, by, role, note, now, time);
        // An application that is out of the running gives up its interview seat at once.
        if (to is S.Rejected or S.Withdrawn) await Bookings.CancelForApplicationAsync(db, application.Id, role, now, time, ct);

        if (to == S.Signed)
        {
            // Signing one offer withdraws the student's other offers: only those still offered, in the same transaction.
            var withdrawn = await db.Applications.FromSql($"""
                    UPDATE applications SET status = {S.Withdrawn}, updated_at = {now}
                    WHERE student_id = {application.StudentId} AND id <> {application.Id} AND status = {S.Offered}
                    RETURNING *
                    """).AsNoTracking().ToListAsync(ct);
            foreach (var other in withdrawn)
            {
                Record(db, other, S.Offered, S.Withdrawn, by, role, "signed another offer", now, time);
                await Bookings.CancelForApplicationAsync(db, other.Id, role, now, time, ct);
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var updated = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == application.Id, ct);
        return TypedResults.Ok(ApplicationResponse.From(updated));
    }

    private static void Record(JobFairDb db, Application a, string from, string to, Guid by, string role, string? note,
        DateTimeOffset now, TimeProvider time)
    {
        db.ApplicationTransitions.Add(new ApplicationTransition
        {
            ApplicationId = a.Id, FromStatus = from, ToStatus = to, ByUserId = by, ByRole = role, Note = note, At = now,
        });
        db.Publish(new ApplicationStatusChanged(a.Id, a.PositionId, a.FairId, a.EmployerId, a.StudentId, a.UniversityId, from, to), time);
    }

    private static ProblemHttpResult IllegalTransition(string from, string to, bool changedMeanwhile = false) =>
        Problem.Conflict("illegal_transition", changedMeanwhile
            ? "The application changed meanwhile; reload it and try again."
            : $"An application that is {from} cannot become {to} by you.");
}
