using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Fairs;

/// <summary>A recruiter accepts a host's direct invitation to a fair; their employer is then approved.</summary>
public sealed class AcceptFairInvitation(JobFairDb db, TimeProvider time) : IUseCase
{
    public static readonly Refusal NotInvited = Refusal.Conflict("not_invited", "This employer has no open invitation to this fair.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/fairs/{id:guid}/participations/accept", (Guid id, CurrentUser caller, AcceptFairInvitation accept, CancellationToken ct) =>
                accept.RunAsync(caller, id, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(RecruiterCaller.NotRecruiter, FairAccess.NotFound, FairAccess.Closed, NotInvited)
            .WithSummary("A recruiter accepts a host's direct invitation; the employer is then approved.");

    public async Task<Outcome<ParticipationResponse>> RunAsync(CurrentUser caller, Guid fairId, CancellationToken ct)
    {
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        var fair = await db.FindVisibleAsync(fairId, caller, ct);
        if (fair is null) return FairAccess.NotFound;
        if (FairStatus.Effective(fair.Status, fair.EndsAt, time.GetUtcNow()) == FairStatus.Closed) return FairAccess.Closed;
        return await ParticipationSteps.DecideAsync(db, fairId, employerId, ParticipationStatus.Invited, ParticipationStatus.Approved,
            null, caller.Id!.Value, time, NotInvited, ct);
    }
}
