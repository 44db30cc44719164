using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance;

/// <summary>A centre puts one of its graduates on a counsellor's ledger, whatever the graduate's major.</summary>
public sealed class AssignStudent(JobFairDb db, TimeProvider time, IValidator<AssignStudent.Request> validator) : IUseCase
{
    public sealed record Request(Guid StudentId);

    public sealed record Response(Guid CounsellorId, Guid StudentId, DateTimeOffset AssignedAt);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.StudentId).NotEmpty();
    }

    public static readonly Refusal NoSuchCounsellor = Refusal.NotFound("counsellor");
    public static readonly Refusal NoSuchGraduate = Refusal.Invalid("studentId", "No such graduate of this university.");
    public static readonly Refusal AlreadyAssigned = Refusal.Conflict("already_assigned", "This graduate is already assigned to this counsellor.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/counsellors/{id:guid}/students", (Guid id, Request request, CurrentUser caller, AssignStudent assign, CancellationToken ct) =>
                assign.RunAsync(caller, id, request, ct).ToCreated(a => $"/api/students/{a.StudentId}/plan"))
            .RequireAuthorization(Policies.Centre)
            .Idempotent()
            .Refuses(NoSuchGraduate, NoSuchCounsellor, AlreadyAssigned)
            .WithSummary("A centre assigns one of its graduates to one of its counsellors (beside the majors they look after). Audited.");

    public async Task<Outcome<Response>> RunAsync(CurrentUser caller, Guid counsellorId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var university = await caller.CentreUniversityAsync(ct);
        // Another university's counsellor is none of this centre's business: as unknown as a missing one.
        if (university is null || !await db.Counsellors.AnyAsync(c => c.Id == counsellorId && c.UniversityId == university, ct))
            return NoSuchCounsellor;
        if (!await db.Students.AnyAsync(s => s.Id == request.StudentId && s.UniversityId == university, ct)) return NoSuchGraduate;

        var assignment = new LedgerAssignment
        {
            CounsellorId = counsellorId, StudentId = request.StudentId, AssignedBy = caller.Id!.Value, AssignedAt = time.GetUtcNow(),
        };
        db.LedgerAssignments.Add(assignment);
        db.AuditLedger(time, new LedgerReader(caller.Id.Value, LedgerRole.Centre, null, null), "ledger_assigned", request.StudentId,
            $"counsellor {counsellorId}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation(LedgerAssignmentConfiguration.Key))
        {
            return AlreadyAssigned;
        }
        return new Response(counsellorId, request.StudentId, assignment.AssignedAt);
    }
}
