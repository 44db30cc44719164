using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Fairs;

namespace JobFair.Server.Features.Positions;

public sealed record PositionPosted(Guid PositionId, Guid EmployerId, int Openings) : IDomainEvent;

/// <summary>A recruiter posts a position, shared at once into the fairs that have approved their employer.</summary>
public sealed class PostPosition(JobFairDb db, TimeProvider time, IValidator<PostPosition.Request> validator) : IUseCase
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

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/positions", (Request request, CurrentUser caller, PostPosition post, CancellationToken ct) =>
                post.RunAsync(caller, request, ct).ToCreated(p => $"/api/positions/{p.Id}"))
            .RequireAuthorization(Policies.Recruiter)
            .Idempotent()
            .Refuses(UtcDateTimeOffsetConverter.OutOfRange, Refusal.Invalid("title", "required"), RecruiterCaller.NotRecruiter, PositionAccess.NotApproved, FairAccess.Closed)
            .WithSummary("A recruiter posts a position, shared into the given fairs (only those where the employer is approved).");

    public async Task<Outcome<PositionResponse>> RunAsync(CurrentUser caller, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        var fairIds = (request.FairIds ?? []).Distinct().ToList();
        var now = time.GetUtcNow();
        if (await db.SharingRefusalAsync(employerId, fairIds, now, ct) is { } refusal) return refusal;

        var position = new Position
        {
            EmployerId = employerId,
            EmployerName = await db.Employers.Where(e => e.Id == employerId).Select(e => e.Name).SingleAsync(ct),
            CreatedAt = now,
            Title = "", Description = "", City = "", Degree = "",
        };
        request.CopyTo(position, now);
        db.Positions.Add(position);
        db.Publish(new PositionPosted(position.Id, employerId, position.Openings), time);
        foreach (var fairId in fairIds)
        {
            db.PositionFairs.Add(new PositionFair { PositionId = position.Id, FairId = fairId, SharedAt = now });
            db.Publish(new PositionShared(position.Id, fairId, position.Openings), time);
        }
        await db.SaveChangesAsync(ct);
        return PositionResponse.From(position, fairIds, now);
    }
}

/// <summary>The fields a recruiter writes, for posting and for editing.</summary>
public record PositionFields(string Title, string Description, string City, List<string>? Majors, string Degree,
    int Openings, int SalaryMin, int SalaryMax, DateTimeOffset? ClosesAt)
{
    /// <summary>Writes the fields, tidied, onto the posting.</summary>
    internal void CopyTo(Position position, DateTimeOffset now)
    {
        position.Title = Title.Trim();
        position.Description = Description.Trim();
        position.City = City.Trim();
        position.Majors = (Majors ?? []).Select(m => m.Trim()).Distinct().ToList();
        position.Degree = Degree;
        position.Openings = Openings;
        position.SalaryMin = SalaryMin;
        position.SalaryMax = SalaryMax;
        position.ClosesAt = ClosesAt;
        position.UpdatedAt = now;
    }
}

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
