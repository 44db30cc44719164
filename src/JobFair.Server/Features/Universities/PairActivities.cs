using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Universities;

public sealed record PairActivityRecorded(Guid ActivityId, Guid PairId, string Kind, int Participants) : IDomainEvent;

/// <summary>Centres of either side record their joint work; anyone may read a pair's record.</summary>
internal static class PairActivities
{
    public sealed record Request(string Kind, string Title, DateTimeOffset HeldAt, int Participants);

    public sealed record Response(Guid Id, Guid PairId, Guid UniversityId, string Kind, string Title, DateTimeOffset HeldAt,
        int Participants, DateTimeOffset CreatedAt);

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

    public static void MapPairActivities(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/pairs/{id:guid}/activities", Record).WithTags("Universities")
            .RequireAuthorization(p => p.RequireRole(Roles.Centre)).Validate<Request>().Idempotent()
            .WithSummary("A centre of either side records joint work: meeting, course, camp, agreement or other.");
        app.MapGet("/api/pairs/{id:guid}/activities", List).WithTags("Universities").Validate<PageQuery>()
            .WithSummary("A pair's recorded joint work, most recent first.");
    }

    private static async Task<Results<Created<Response>, ProblemHttpResult>> Record(
        Guid id, Request request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var pair = await db.Pairs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (pair is null) return Problem.NotFound("pair");
        var university = await current.CentreUniversityAsync(ct);
        if (university != pair.SupportedId && university != pair.SupportingId)
            return Problem.Forbidden("not_pair_member", "Only the career centres of this pair's two universities may record its activities.");
        var activity = new PairActivity
        {
            PairId = id, UniversityId = university!.Value, Kind = request.Kind, Title = request.Title.Trim(),
            HeldAt = request.HeldAt, Participants = request.Participants, RecordedBy = current.Id!.Value, CreatedAt = time.GetUtcNow(),
        };
        db.PairActivities.Add(activity);
        db.Publish(new PairActivityRecorded(activity.Id, id, activity.Kind, activity.Participants), time);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/pairs/{id}/activities/{activity.Id}", ToResponse(activity));
    }

    private static async Task<Results<Ok<Page<Response>>, ProblemHttpResult>> List(
        Guid id, [AsParameters] PageQuery query, JobFairDb db, CancellationToken ct)
    {
        if (!await db.Pairs.AnyAsync(p => p.Id == id, ct)) return Problem.NotFound("pair");
        var activities = db.PairActivities.AsNoTracking().Where(a => a.PairId == id);
        var paging = query.Paging;
        var items = await activities.OrderByDescending(a => a.HeldAt).ThenBy(a => a.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new Page<Response>(items.Select(ToResponse).ToList(), await activities.CountAsync(ct)));
    }

    private static Response ToResponse(PairActivity a) =>
        new(a.Id, a.PairId, a.UniversityId, a.Kind, a.Title, a.HeldAt, a.Participants, a.CreatedAt);
}
