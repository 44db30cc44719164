using JobFair.Server.Features.Accounts;
using S = JobFair.Server.Features.Applications.ApplicationStatus;

namespace JobFair.Server.Features.Applications;

/// <summary>A recruiter invites an applicant to a video interview (the application becomes interview_invited).</summary>
public sealed class InviteToInterview(JobFairDb db, TimeProvider time, IValidator<InviteToInterview.Request> validator) : IUseCase
{
    public sealed record Request(string? Message);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Message).MaximumLength(1000);
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/applications/{id:guid}/invite", (Guid id, Request request, CurrentUser caller, InviteToInterview invite, CancellationToken ct) =>
                invite.RunAsync(caller, id, request, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(Refusal.Invalid("message", "too long"), Refusal.NotFound("application"), ApplicationTransitions.Illegal)
            .WithSummary("Invite the applicant to a video interview (status interview_invited).");

    public async Task<Outcome<ApplicationResponse>> RunAsync(CurrentUser caller, Guid id, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var (application, role) = await ApplicationTransitions.FindAsync(id, caller, db, ct);
        if (application is null || role != Roles.Recruiter) return Refusal.NotFound("application");
        return await db.RetryAsync(() => ApplicationTransitions.MoveAsync(db, application, role, S.InterviewInvited, request.Message, caller.Id!.Value, time, ct));
    }
}
