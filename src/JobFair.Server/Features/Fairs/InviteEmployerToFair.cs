using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Fairs;

public sealed record EmployerInvitedToFair(Guid FairId, Guid EmployerId) : IDomainEvent;

/// <summary>
/// A host invites an employer directly (定向邀请), named by its id or its unified social credit code;
/// the employer's recruiters are told (a notification) and it takes part once they accept.
/// </summary>
public sealed class InviteEmployerToFair(JobFairDb db, TimeProvider time, IValidator<InviteEmployerToFair.Request> validator) : IUseCase
{
    /// <summary>The employer by <c>employerId</c> or by <c>creditCode</c> (one of the two).</summary>
    public sealed record Request(Guid? EmployerId, string? Message, string? CreditCode = null);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.EmployerId).NotEmpty().When(r => r.CreditCode is null)
                .WithMessage("Name the employer by employerId or creditCode.");
            RuleFor(r => r.CreditCode).Must(CreditCode.IsValid).When(r => r.CreditCode is not null)
                .WithMessage("creditCode must be an 18-character unified social credit code with a valid check character.");
            RuleFor(r => r.CreditCode).Null().When(r => r.EmployerId is not null).WithMessage("Give employerId or creditCode, not both.");
            RuleFor(r => r.Message).MaximumLength(1000);
        }
    }

    public static readonly Refusal AlreadyParticipating = Refusal.Conflict("already_participating",
        "This employer has already asked, been invited or been approved; decide its request instead.");
    public static readonly Refusal NoSuchEmployer = Refusal.Invalid("employerId", "No such employer.");
    public static readonly Refusal NoEmployerWithCode = Refusal.Invalid("creditCode", "No employer is registered with this credit code.");
    public static readonly Refusal Suspended = Refusal.Conflict("suspended_employer",
        "The platform's operator has suspended this employer; it cannot be invited until it is reinstated.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/fairs/{id:guid}/invitations", (Guid id, Request request, CurrentUser caller, InviteEmployerToFair invite, CancellationToken ct) =>
                invite.RunAsync(caller, id, request, ct).ToCreated(p => $"/api/fairs/{p.FairId}/participations/{p.EmployerId}"))
            .RequireAuthorization(Policies.Centre)
            .Idempotent()
            .Refuses(NoSuchEmployer, NoEmployerWithCode, FairAccess.NotFound, FairAccess.NotHost, AskToJoinFair.NotPublished,
                FairAccess.Closed, Suspended, AlreadyParticipating)
            .WithSummary("A host invites an employer directly (定向邀请), by employerId or creditCode, into its published fair; the " +
                         "employer's recruiters are notified, and it is approved once they accept (POST /api/fairs/{id}/participations/accept).");

    public async Task<Outcome<ParticipationResponse>> RunAsync(CurrentUser caller, Guid fairId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var found = await db.FindForHostAsync(fairId, caller, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var fair = found.Value;
        var now = time.GetUtcNow();
        var status = FairStatus.Effective(fair.Status, fair.EndsAt, now);
        if (status == FairStatus.Closed) return FairAccess.Closed;
        // Its recruiters could neither see a draft nor accept: the notification would lead nowhere.
        if (status == FairStatus.Draft) return AskToJoinFair.NotPublished;
        var code = request.CreditCode is null ? null : Employers.CreditCode.Normalise(request.CreditCode);
        var employer = await db.Employers.AsNoTracking().Where(e => code == null ? e.Id == request.EmployerId : e.CreditCode == code)
            .Select(e => new { e.Id, e.SuspendedAt }).SingleOrDefaultAsync(ct);
        if (employer is null) return code is null ? NoSuchEmployer : NoEmployerWithCode;
        if (employer.SuspendedAt is not null) return Suspended;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await ParticipationSteps.OpenAsync(db, fairId, employer.Id, ParticipationStatus.Invited, request.Message, now, ct) == 0)
            return AlreadyParticipating;
        db.Publish(new EmployerInvitedToFair(fairId, employer.Id), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ParticipationSteps.LoadAsync(db, fairId, employer.Id, ct);
    }
}
