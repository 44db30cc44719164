using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Fairs;

public sealed record FairCreated(Guid FairId, Guid PairId, string Title) : IDomainEvent;
public sealed record FairChanged(Guid FairId, string Status) : IDomainEvent;

/// <summary>Rules shared by creating and editing a fair.</summary>
internal static class FairRules
{
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(30);
    /// <summary>A fair may be opened on the spot: its start may lie this far in the past.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromHours(24);

    public static void Window<T>(AbstractValidator<T> v, Func<T, DateTimeOffset> startsAt, Func<T, DateTimeOffset> endsAt, TimeProvider time)
    {
        v.RuleFor(r => startsAt(r)).NotEmpty().OverridePropertyName("startsAt").WithName("startsAt")
            .Must(s => s >= time.GetUtcNow() - StartGrace).WithMessage("开始时间最多可早于现在 24 小时 (startsAt may lie at most 24 h in the past)");
        v.RuleFor(r => endsAt(r)).NotEmpty().OverridePropertyName("endsAt").WithName("endsAt")
            .Must((r, e) => e > startsAt(r)).WithMessage("结束时间必须晚于开始时间 (endsAt must be after startsAt)")
            .Must(e => e > time.GetUtcNow()).WithMessage("结束时间必须在将来 (endsAt must lie in the future)")
            .Must((r, e) => e - startsAt(r) <= MaxLength).WithMessage("双选会最长 30 天 (a fair lasts at most 30 days)");
    }
}

internal static class CreateFair
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

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder centres) =>
        centres.MapPost("/api/fairs", Handle).Validate<Request>().Idempotent()
            .WithSummary("A career centre of either university of a pair creates a (draft) fair that both co-host.");

    private static async Task<Results<Created<FairResponse>, ProblemHttpResult, ValidationProblem>> Handle(
        Request request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var pair = await db.Pairs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.PairId, ct);
        if (pair is null) return Problem.Invalid("pairId", "No such pair.");
        var university = await current.CentreUniversityAsync(ct);
        if (university != pair.SupportedId && university != pair.SupportingId)
            return Problem.Forbidden("not_host", "Only the career centres of the pair's two universities may create its fairs.");

        var now = time.GetUtcNow();
        var fair = new Fair
        {
            PairId = pair.Id, Title = request.Title.Trim(), Description = request.Description?.Trim() ?? "",
            StartsAt = request.StartsAt, EndsAt = request.EndsAt, CreatedBy = current.Id!.Value, CreatedAt = now,
        };
        db.Fairs.Add(fair);
        db.Publish(new FairCreated(fair.Id, pair.Id, fair.Title), time);
        await db.SaveChangesAsync(ct);
        var created = await db.Fairs.AsNoTracking().WithHosts().SingleAsync(f => f.Id == fair.Id, ct);
        return TypedResults.Created($"/api/fairs/{fair.Id}", created.ToResponse(now));
    }
}
