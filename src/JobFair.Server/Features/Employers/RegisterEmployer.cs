using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Employers;

public sealed record EmployerRegistered(Guid EmployerId, string Name, Guid RecruiterId) : IDomainEvent;

/// <summary>A signed-in user without a role registers their employer and becomes its recruiter.</summary>
public sealed class RegisterEmployer(JobFairDb db, TimeProvider time, IValidator<RegisterEmployer.Request> validator) : IUseCase
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

    public static readonly Refusal AlreadyHasRole =
        RoleGrants.AlreadyHasRole.Saying("This account already has a role; use another account to register an employer.");
    public static readonly Refusal EmployerExists =
        Refusal.Conflict("employer_exists", "An employer with this credit code is already registered; ask its recruiters to invite you.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/employers", (Request request, CurrentUser caller, RegisterEmployer register, CancellationToken ct) =>
                register.RunAsync(caller, request, ct).ToCreated(e => $"/api/employers/{e.Id}"))
            .RequireAuthorization(Policies.SignedIn)
            .Idempotent()
            .Refuses(Refusal.Invalid("creditCode", "not a valid unified social credit code"), AlreadyHasRole, EmployerExists)
            .WithSummary("Register an employer; the caller (who has no role yet) becomes its recruiter.");

    public async Task<Outcome<EmployerResponse>> RunAsync(CurrentUser caller, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (caller.Id is not { } userId) return Refusal.Unauthenticated();
        // Refuse callers with a role before the credit code is looked at, so they learn nothing about it.
        if (await db.UserRoles.AnyAsync(r => r.UserId == userId, ct) || (await caller.GetAsync(ct))?.UniversityId is not null)
            return AlreadyHasRole;
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
        catch (DbUpdateException e) when (e.IsUniqueViolation(EmployerConfiguration.OnePerCreditCode))
        {
            return EmployerExists;
        }
        // A racing claim or registration by the same user may have given them a role meanwhile.
        if (!await db.TryGrantFirstRoleAsync(userId, Roles.Recruiter, employer.Id, ct)) return AlreadyHasRole;
        db.Publish(new EmployerRegistered(employer.Id, employer.Name, userId), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return EmployerResponse.From(employer);
    }
}

public sealed record EmployerResponse(Guid Id, string Name, string CreditCode, string Industry, string City, string Size, DateTimeOffset CreatedAt)
{
    public static EmployerResponse From(Employer e) => new(e.Id, e.Name, e.CreditCode, e.Industry, e.City, e.Size, e.CreatedAt);
}
