using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Fairs;

namespace JobFair.Server.Features.Positions;

public sealed record PositionPosted(Guid PositionId, Guid EmployerId, int Openings) : IDomainEvent;
public sealed record PositionShared(Guid PositionId, Guid FairId, int Openings) : IDomainEvent;
public sealed record PositionChanged(Guid PositionId, string Status, int Openings) : IDomainEvent;

/// <summary>The fields a recruiter writes, for posting and for editing.</summary>
public record PositionFields(string Title, string Description, string City, List<string>? Majors, string Degree,
    int Openings, int SalaryMin, int SalaryMax, DateTimeOffset? ClosesAt);

internal sealed class PositionFieldsRules<T> : AbstractValidator<T> where T : PositionFields
{
    public PositionFieldsRules(TimeProvider time)
    {
        RuleFor(r => r.Title).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Description).NotNull().MaximumLength(10000);
        RuleFor(r => r.City).NotEmpty().MaximumLength(50);
        RuleFor(r => r.Majors).Must(m => m is null || m.Count <= 20).WithMessage("at most 20 majors");
        RuleForEach(r => r.Majors).NotEmpty().MaximumLength(50);
        RuleFor(r => r.Degree).Must(d => Degrees.All.Contains(d)).WithMessage("degree must be associate, bachelor, master or doctor");
        RuleFor(r => r.Openings).InclusiveBetween(1, 100_000);
        RuleFor(r => r.SalaryMin).InclusiveBetween(0, 1_000_000);
        RuleFor(r => r.SalaryMax).InclusiveBetween(0, 1_000_000)
            .GreaterThanOrEqualTo(r => r.SalaryMin).WithMessage("salaryMax must not be below salaryMin");
        RuleFor(r => r.ClosesAt).Must(c => c is null || c > time.GetUtcNow()).WithMessage("closesAt must lie in the future");
    }
}

internal static class PostPosition
{
    public sealed record Request(string Title, string Description, string City, List<string>? Majors, string Degree,
        int Openings, int SalaryMin, int SalaryMax, DateTimeOffset? ClosesAt, List<Guid>? FairIds)
        : PositionFields(Title, Description, City, Majors, Degree, Openings, SalaryMin, SalaryMax, ClosesAt);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider time)
        {
            Include(new PositionFieldsRules<Request>(time));
            RuleFor(r => r.FairIds).Must(f => f is null || f.Count <= 50).WithMessage("at most 50 fairs at once");
        }
    }

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder recruiters) =>
        recruiters.MapPost("/api/positions", Handle).Validate<Request>().Idempotent()
            .WithSummary("A recruiter posts a position, shared into the given fairs (only those where the employer is approved).");

    private static async Task<Results<Created<PositionResponse>, ProblemHttpResult>> Handle(
        Request request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        if (await current.EmployerAsync(ct) is not { } employerId) return Employers.RecruiterCaller.NotRecruiter.ToProblem();
        var fairIds = (request.FairIds ?? []).Distinct().ToList();
        var now = time.GetUtcNow();
        if (await Sharing.RefuseAsync(db, employerId, fairIds, now, ct) is { } refusal) return refusal;

        var position = new Position
        {
            EmployerId = employerId,
            EmployerName = await db.Employers.Where(e => e.Id == employerId).Select(e => e.Name).SingleAsync(ct),
            CreatedAt = now,
            Title = "", Description = "", City = "", Degree = "",
        };
        position.Apply(request, now);
        db.Positions.Add(position);
        db.Publish(new PositionPosted(position.Id, employerId, position.Openings), time);
        foreach (var fairId in fairIds)
        {
            db.PositionFairs.Add(new PositionFair { PositionId = position.Id, FairId = fairId, SharedAt = now });
            db.Publish(new PositionShared(position.Id, fairId, position.Openings), time);
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/positions/{position.Id}", PositionResponse.From(position, fairIds, now));
    }

    public static void Apply(this Position position, PositionFields fields, DateTimeOffset now)
    {
        position.Title = fields.Title.Trim();
        position.Description = fields.Description.Trim();
        position.City = fields.City.Trim();
        position.Majors = (fields.Majors ?? []).Select(m => m.Trim()).Distinct().ToList();
        position.Degree = fields.Degree;
        position.Openings = fields.Openings;
        position.SalaryMin = fields.SalaryMin;
        position.SalaryMax = fields.SalaryMax;
        position.ClosesAt = fields.ClosesAt;
        position.UpdatedAt = now;
    }
}

/// <summary>Where a posting may be shared: fairs that are open and have approved its employer.</summary>
internal static class Sharing
{
    public static async Task<ProblemHttpResult?> RefuseAsync(JobFairDb db, Guid employerId, IReadOnlyCollection<Guid> fairIds,
        DateTimeOffset now, CancellationToken ct)
    {
        if (fairIds.Count == 0) return null;
        var fairs = await db.Fairs.AsNoTracking().Where(f => fairIds.Contains(f.Id))
            .Select(f => new
            {
                f.Id, f.Status, f.EndsAt,
                Approved = db.Participations.Any(p => p.FairId == f.Id && p.EmployerId == employerId && p.Status == ParticipationStatus.Approved),
            })
            .ToListAsync(ct);
        // A fair the employer is not approved in is refused the same way whether or not it exists.
        if (fairs.Count < fairIds.Count || fairs.Any(f => !f.Approved))
            return Problem.Forbidden("not_approved", "Your employer is not approved in every one of these fairs.");
        if (fairs.Any(f => FairStatus.Effective(f.Status, f.EndsAt, now) == FairStatus.Closed)) return FairAccess.Closed.ToProblem();
        return null;
    }
}
