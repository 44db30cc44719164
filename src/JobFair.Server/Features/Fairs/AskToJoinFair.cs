using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Fairs;

public sealed record ParticipationRequested(Guid FairId, Guid EmployerId, string EmployerName) : IDomainEvent;

/// <summary>A recruiter asks for their employer to join a published fair; a host then vets the request.</summary>
public sealed class AskToJoinFair(JobFairDb db, TimeProvider time, IValidator<AskToJoinFair.Request> validator) : IUseCase
{
    public sealed record Request(string? Message);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Message).MaximumLength(1000);
    }

    public static readonly Refusal NotPublished = Refusal.Conflict("fair_not_published", "This fair is not open yet.");
    public static readonly Refusal AlreadyRequested = Refusal.Conflict("already_requested", "Your request is waiting for the hosts.");
    public static readonly Refusal AlreadyInvited =
        Refusal.Conflict("already_invited", "The hosts have invited you: accept the invitation instead.");
    public static readonly Refusal AlreadyApproved = Refusal.Conflict("already_approved", "Your employer already takes part in this fair.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/fairs/{id:guid}/participations", (Guid id, Request request, CurrentUser caller, AskToJoinFair ask, CancellationToken ct) =>
                ask.RunAsync(caller, id, request, ct).ToCreated(p => $"/api/fairs/{p.FairId}/participations/{p.EmployerId}"))
            .RequireAuthorization(Policies.Recruiter)
            .Idempotent()
            .Refuses(Refusal.Invalid("message", "at most 1000 characters"), RecruiterCaller.NotRecruiter, FairAccess.NotFound,
                NotPublished, FairAccess.Closed, AlreadyRequested, AlreadyInvited, AlreadyApproved)
            .WithSummary("A recruiter asks for their employer to join a published fair; a host then vets it.");

    public async Task<Outcome<ParticipationResponse>> RunAsync(CurrentUser caller, Guid fairId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        var fair = await db.FindVisibleAsync(fairId, caller, ct);
        if (fair is null) return FairAccess.NotFound;
        var now = time.GetUtcNow();
        if (FairStatus.Effective(fair.Status, fair.EndsAt, now) != FairStatus.Published)
            return fair.Status == FairStatus.Draft ? NotPublished : FairAccess.Closed;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await ParticipationSteps.OpenAsync(db, fairId, employerId, ParticipationStatus.Pending, request.Message, now, ct) == 0)
        {
            // The row was there already (and not rejected): say where it stands.
            var status = await db.Participations.Where(p => p.FairId == fairId && p.EmployerId == employerId).Select(p => p.Status).SingleAsync(ct);
            return status switch
            {
                ParticipationStatus.Pending => AlreadyRequested,
                ParticipationStatus.Invited => AlreadyInvited,
                _ => AlreadyApproved,
            };
        }
        var name = await db.Employers.Where(e => e.Id == employerId).Select(e => e.Name).SingleAsync(ct);
        db.Publish(new ParticipationRequested(fairId, employerId, name), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ParticipationSteps.LoadAsync(db, fairId, employerId, ct);
    }
}
