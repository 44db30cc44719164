using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Fairs;

public sealed record EmployerInvitedToFair(Guid FairId, Guid EmployerId) : IDomainEvent;

/// <summary>A host invites an employer directly (定向邀请); the employer takes part once it accepts.</summary>
public sealed class InviteEmployerToFair(JobFairDb db, TimeProvider time, IValidator<InviteEmployerToFair.Request> validator) : IUseCase
{
    public sealed record Request(Guid EmployerId, string? Message);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.EmployerId).NotEmpty();
            RuleFor(r => r.Message).MaximumLength(1000);
        }
    }

    public static readonly Refusal AlreadyParticipating = Refusal.Conflict("already_participating",
        "This employer has already asked, been invited or been approved; decide its request instead.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/fairs/{id:guid}/invitations", (Guid id, Request request, CurrentUser caller, InviteEmployerToFair invite, CancellationToken ct) =>
                invite.RunAsync(caller, id, request, ct).ToCreated(p => $"/api/fairs/{p.FairId}/participations/{p.EmployerId}"))
            .RequireAuthorization(Policies.Centre)
            .Idempotent()
            .Refuses(Refusal.Invalid("employerId", "No such employer."), FairAccess.NotFound, FairAccess.NotHost, FairAccess.Closed,
                AlreadyParticipating)
            .WithSummary("A host invites an employer directly (定向邀请); it is approved once the employer accepts.");

    public async Task<Outcome<ParticipationResponse>> RunAsync(CurrentUser caller, Guid fairId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var found = await db.FindForHostAsync(fairId, caller, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var fair = found.Value;
        var now = time.GetUtcNow();
        if (FairStatus.Effective(fair.Status, fair.EndsAt, now) == FairStatus.Closed) return FairAccess.Closed;
        if (!await db.Employers.AnyAsync(e => e.Id == request.EmployerId, ct)) return Refusal.Invalid("employerId", "No such employer.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await ParticipationSteps.OpenAsync(db, fairId, request.EmployerId, ParticipationStatus.Invited, request.Message, now, ct) == 0)
            return AlreadyParticipating;
        db.Publish(new EmployerInvitedToFair(fairId, request.EmployerId), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ParticipationSteps.LoadAsync(db, fairId, request.EmployerId, ct);
    }
}
