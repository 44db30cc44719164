using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Universities;

public sealed record PairActivityRecorded(Guid ActivityId, Guid PairId, string Kind, int Participants) : IDomainEvent;

/// <summary>The career centre of either side of a pair records their joint work.</summary>
public sealed class RecordPairActivity(JobFairDb db, TimeProvider time, IValidator<RecordPairActivity.Request> validator) : IUseCase
{
    public sealed record Request(string Kind, string Title, DateTimeOffset HeldAt, int Participants);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(r => r.Kind).Must(k => ActivityKinds.All.Contains(k))
                .WithMessage("kind must be meeting, course, camp, agreement or other");
            RuleFor(r => r.Title).NotEmpty().MaximumLength(200);
            RuleFor(r => r.HeldAt).NotEmpty()
                .Must(h => h <= time.GetUtcNow().AddYears(1)).WithMessage("heldAt lies too far in the future")
                .Must(h => h.Year >= 2000).WithMessage("heldAt lies too far in the past");
            RuleFor(r => r.Participants).InclusiveBetween(0, 1_000_000);
        }
    }

    public static readonly Refusal NotPairMember =
        Refusal.Forbidden("not_pair_member", "Only the career centres of this pair's two universities may record its activities.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/pairs/{id:guid}/activities", (Guid id, Request request, CurrentUser caller, RecordPairActivity record, CancellationToken ct) =>
                record.RunAsync(caller, id, request, ct).ToCreated(a => $"/api/pairs/{id}/activities/{a.Id}"))
            .RequireAuthorization(Policies.Centre)
            .Idempotent()
            .Refuses(UtcDateTimeOffsetConverter.OutOfRange, Refusal.Invalid("kind", "meeting, course, camp, agreement or other"), Refusal.NotFound("pair"), NotPairMember)
            .WithSummary("A centre of either side records joint work: meeting, course, camp, agreement or other.");

    public async Task<Outcome<PairActivityResponse>> RunAsync(CurrentUser caller, Guid pairId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var pair = await db.Pairs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pairId, ct);
        if (pair is null) return Refusal.NotFound("pair");
        var university = await caller.CentreUniversityAsync(ct);
        if (university is not { } side || (side != pair.SupportedId && side != pair.SupportingId)) return NotPairMember;
        var activity = new PairActivity
        {
            PairId = pairId, UniversityId = side, Kind = request.Kind, Title = request.Title.Trim(),
            HeldAt = request.HeldAt, Participants = request.Participants, RecordedBy = caller.Id!.Value, CreatedAt = time.GetUtcNow(),
        };
        db.PairActivities.Add(activity);
        db.Publish(new PairActivityRecorded(activity.Id, pairId, activity.Kind, activity.Participants), time);
        await db.SaveChangesAsync(ct);
        return PairActivityResponse.From(activity);
    }
}

public sealed record PairActivityResponse(Guid Id, Guid PairId, Guid UniversityId, string Kind, string Title, DateTimeOffset HeldAt,
    int Participants, DateTimeOffset CreatedAt)
{
    public static PairActivityResponse From(PairActivity a) =>
        new(a.Id, a.PairId, a.UniversityId, a.Kind, a.Title, a.HeldAt, a.Participants, a.CreatedAt);
}
