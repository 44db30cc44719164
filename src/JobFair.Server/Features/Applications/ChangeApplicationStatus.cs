using JobFair.Server.Features.Accounts;
using S = JobFair.Server.Features.Applications.ApplicationStatus;

namespace JobFair.Server.Features.Applications;

/// <summary>
/// A recruiter marks an application viewed, shortlisted, offered or rejected; a student withdraws
/// it or accepts the offer (which signs it).
/// </summary>
public sealed class ChangeApplicationStatus(JobFairDb db, TimeProvider time, IValidator<ChangeApplicationStatus.Request> validator) : IUseCase
{
    public sealed record Request(string Status, string? Note);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Status).NotEmpty().MaximumLength(30);
            RuleFor(r => r.Note).MaximumLength(1000);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/applications/{id:guid}/status", (Guid id, Request request, CurrentUser caller, ChangeApplicationStatus change, CancellationToken ct) =>
                change.RunAsync(caller, id, request, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(Refusal.Invalid("status", "required"), Refusal.NotFound("application"), ApplicationTransitions.Illegal,
                ApplicationTransitions.AlreadySigned)
            .WithSummary("Recruiter: viewed, shortlisted, rejected, offered. Student: withdrawn, accepted (signs the offer). " +
                         "Anything else from the current status is 409 illegal_transition.");

    public async Task<Outcome<ApplicationResponse>> RunAsync(CurrentUser caller, Guid id, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var (application, role) = await ApplicationTransitions.FindAsync(id, caller, db, ct);
        if (application is null) return Refusal.NotFound("application");
        if (request.Status == S.InterviewInvited)
            return ApplicationTransitions.Illegal.Saying("Invite through POST /api/applications/{id}/invite.");
        return await db.RetryAsync(() => ApplicationTransitions.MoveAsync(db, application, role!, request.Status, request.Note, caller.Id!.Value, time, ct));
    }
}
