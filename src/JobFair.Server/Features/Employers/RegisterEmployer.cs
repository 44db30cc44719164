using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Employers;

public sealed record EmployerRegistered(Guid EmployerId, string Name, Guid RecruiterId) : IDomainEvent;

/// <summary>A signed-in user without a role registers their employer and becomes its recruiter.</summary>
internal static class RegisterEmployer
{
    public sealed record Request(string Name, string CreditCode, string Industry, string City, string Size);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.CreditCode).NotEmpty().Must(Employers.CreditCode.IsValid)
                .WithMessage("统一社会信用代码无效：应为 18 位且校验位正确 (not a valid unified social credit code)");
            RuleFor(r => r.Industry).NotEmpty().MaximumLength(100);
            RuleFor(r => r.City).NotEmpty().MaximumLength(50);
            RuleFor(r => r.Size).NotEmpty().MaximumLength(50);
        }
    }

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/employers", Handle).Validate<Request>().Idempotent()
            .WithSummary("Register an employer; the caller (who has no role yet) becomes its recruiter.");

    private static async Task<Results<Created<EmployerResponse>, ProblemHttpResult>> Handle(
        Request request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var userId = current.Id!.Value;
        // Refuse callers with a role before the credit code is looked at, so they learn nothing about it.
        if (await db.UserRoles.AnyAsync(r => r.UserId == userId, ct) || (await current.GetAsync(ct))?.UniversityId is not null)
            return Problem.Forbidden("already_has_role", "This account already has a role; use another account to register an employer.");
        var employer = new Employer
        {
            Name = request.Name.Trim(), CreditCode = CreditCode.Normalise(request.CreditCode),
            Industry = request.Industry.Trim(), City = request.City.Trim(), Size = request.Size.Trim(),
            CreatedAt = time.GetUtcNow(),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Employers.Add(employer);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Problem.Conflict("employer_exists",
                "An employer with this credit code is already registered; ask its recruiters to invite you.");
        }
        if (!await db.TryGrantFirstRoleAsync(userId, Roles.Recruiter, employer.Id, ct))
            return Problem.Forbidden("already_has_role", "This account already has a role; use another account to register an employer.");
        db.Publish(new EmployerRegistered(employer.Id, employer.Name, userId), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/employers/{employer.Id}", EmployerResponse.From(employer));
    }
}

public sealed record EmployerResponse(Guid Id, string Name, string CreditCode, string Industry, string City, string Size, DateTimeOffset CreatedAt)
{
    public static EmployerResponse From(Employer e) => new(e.Id, e.Name, e.CreditCode, e.Industry, e.City, e.Size, e.CreatedAt);
}
