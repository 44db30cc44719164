using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance;

public sealed record CounsellorsPaired(Guid CounsellorPairId, Guid PairId, Guid SupportedCounsellorId, Guid SupportingCounsellorId) : IDomainEvent;

/// <summary>
/// A centre of either side of a 一帮一 pair pairs a counsellor of the supported university with one
/// of the supporting university (辅导员结对). Each counsellor has at most one partner per pair.
/// </summary>
public sealed class PairCounsellors(JobFairDb db, TimeProvider time, IValidator<PairCounsellors.Request> validator) : IUseCase
{
    public sealed record Request(Guid SupportedCounsellorId, Guid SupportingCounsellorId);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.SupportedCounsellorId).NotEmpty();
            RuleFor(r => r.SupportingCounsellorId).NotEmpty();
        }
    }

    public static readonly Refusal AlreadyPaired =
        Refusal.Conflict("counsellor_already_paired", "One of these counsellors already has a partner in this pair.");
    public static readonly Refusal NotSupportedSide =
        Refusal.Invalid("supportedCounsellorId", "Not a counsellor of the pair's supported university.");
    public static readonly Refusal NotSupportingSide =
        Refusal.Invalid("supportingCounsellorId", "Not a counsellor of the pair's supporting university.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/pairs/{id:guid}/counsellor-pairs", (Guid id, Request request, CurrentUser caller, PairCounsellors pairUp,
                CancellationToken ct) => pairUp.RunAsync(caller, id, request, ct).ToCreated(p => $"/api/pairs/{id}/counsellor-pairs/{p.Id}"))
            .RequireAuthorization(Policies.Centre)
            .Idempotent()
            .Refuses(NotSupportedSide, NotSupportingSide, PairSides.NotFound, PairSides.NotPairMember, AlreadyPaired)
            .WithSummary("A centre of either side pairs a counsellor of the supported university with one of the supporting university; " +
                         "each counsellor has at most one partner per pair (409 counsellor_already_paired).");

    public async Task<Outcome<CounsellorPairResponse>> RunAsync(CurrentUser caller, Guid pairId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var found = await db.FindForCentreAsync(caller, pairId, admin: false, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var pair = found.Value;
        if (!await db.Counsellors.AnyAsync(c => c.Id == request.SupportedCounsellorId && c.UniversityId == pair.SupportedId, ct))
            return NotSupportedSide;
        if (!await db.Counsellors.AnyAsync(c => c.Id == request.SupportingCounsellorId && c.UniversityId == pair.SupportingId, ct))
            return NotSupportingSide;

        var counsellorPair = new CounsellorPair
        {
            PairId = pair.Id, SupportedCounsellorId = request.SupportedCounsellorId, SupportingCounsellorId = request.SupportingCounsellorId,
            CreatedBy = caller.Id!.Value, CreatedAt = time.GetUtcNow(),
        };
        db.CounsellorPairs.Add(counsellorPair);
        db.Publish(new CounsellorsPaired(counsellorPair.Id, pair.Id, counsellorPair.SupportedCounsellorId, counsellorPair.SupportingCounsellorId), time);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation(CounsellorPairConfiguration.OneForSupported) ||
                                          e.IsUniqueViolation(CounsellorPairConfiguration.OneForSupporting))
        {
            return AlreadyPaired;
        }
        return (await CounsellorPairResponse.LoadAsync(db, [counsellorPair], ct)).Single();
    }
}
