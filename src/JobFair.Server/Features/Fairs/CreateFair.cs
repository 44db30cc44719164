using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Fairs;

public sealed record FairCreated(Guid FairId, Guid PairId, string Title) : IDomainEvent;

/// <summary>A career centre of either university of a pair creates a draft fair that both co-host.</summary>
public sealed class CreateFair(JobFairDb db, TimeProvider time, IValidator<CreateFair.Request> validator) : IUseCase
{
    public sealed record Request(Guid PairId, string Title, string? Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(r => r.PairId).NotEmpty();
            RuleFor(r => r.Title).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Description).MaximumLength(5000);
            FairRules.Window(this, r => r.StartsAt, r => r.EndsAt, time);
        }
    }

    public static readonly Refusal NotPairHost =
        FairAccess.NotHost.Saying("Only the career centres of the pair's two universities may create its fairs.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/fairs", (Request request, CurrentUser caller, CreateFair create, CancellationToken ct) =>
                create.RunAsync(caller, request, ct).ToCreated(f => $"/api/fairs/{f.Id}"))
            .RequireAuthorization(Policies.Centre)
            .Idempotent()
            .Refuses(UtcDateTimeOffsetConverter.OutOfRange, Refusal.Invalid("pairId", "No such pair."), NotPairHost)
            .WithSummary("A career centre of either university of a pair creates a (draft) fair that both co-host.");

    public async Task<Outcome<FairResponse>> RunAsync(CurrentUser caller, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var pair = await db.Pairs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.PairId, ct);
        if (pair is null) return Refusal.Invalid("pairId", "No such pair.");
        var university = await caller.CentreUniversityAsync(ct);
        if (university is null || (university != pair.SupportedId && university != pair.SupportingId)) return NotPairHost;

        var now = time.GetUtcNow();
        var fair = new Fair
        {
            PairId = pair.Id, Title = request.Title.Trim(), Description = request.Description?.Trim() ?? "",
            StartsAt = request.StartsAt, EndsAt = request.EndsAt, CreatedBy = caller.Id!.Value, CreatedAt = now,
        };
        db.Fairs.Add(fair);
        db.Publish(new FairCreated(fair.Id, pair.Id, fair.Title), time);
        await db.SaveChangesAsync(ct);
        var created = await db.Fairs.AsNoTracking().WithHosts().SingleAsync(f => f.Id == fair.Id, ct);
        return created.ToResponse(now);
    }
}
