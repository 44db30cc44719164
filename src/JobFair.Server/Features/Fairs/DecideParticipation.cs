using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Fairs;

/// <summary>Either host approves an employer's pending request to join the fair, or rejects it with a reason.</summary>
public sealed class DecideParticipation(JobFairDb db, TimeProvider time, IValidator<DecideParticipation.Request> validator) : IUseCase
{
    public sealed record Request(bool Approve, string? Reason);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            // Two rules: a When on one chain would drop the length check for approvals too.
            RuleFor(r => r.Reason).MaximumLength(1000);
            RuleFor(r => r.Reason).NotEmpty().When(r => !r.Approve).WithMessage("拒绝时请说明原因 (a rejection needs a reason)");
        }
    }

    public static readonly Refusal NotPending = Refusal.Conflict("not_pending", "Only a pending request can be decided.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/fairs/{id:guid}/participations/{employerId:guid}/decision",
                (Guid id, Guid employerId, Request request, CurrentUser caller, DecideParticipation decide, CancellationToken ct) =>
                    decide.RunAsync(caller, id, employerId, request, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.Invalid("reason", "a rejection needs a reason"), FairAccess.NotFound, FairAccess.NotHost,
                Refusal.NotFound("participation"), NotPending)
            .WithSummary("A host approves or rejects (with a reason) a pending request.");

    public async Task<Outcome<ParticipationResponse>> RunAsync(CurrentUser caller, Guid fairId, Guid employerId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if ((await db.FindForHostAsync(fairId, caller, ct)).IsRefused(out var refusal)) return refusal;
        if (!await db.Participations.AnyAsync(p => p.FairId == fairId && p.EmployerId == employerId, ct))
            return Refusal.NotFound("participation");
        var status = request.Approve ? ParticipationStatus.Approved : ParticipationStatus.Rejected;
        return await ParticipationSteps.DecideAsync(db, fairId, employerId, ParticipationStatus.Pending, status, request.Reason?.Trim(),
            caller.Id!.Value, time, NotPending, ct);
    }
}
