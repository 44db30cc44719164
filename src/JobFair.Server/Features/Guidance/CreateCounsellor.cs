using JobFair.Server.Features.Accounts;
using Microsoft.AspNetCore.Identity;

namespace JobFair.Server.Features.Guidance;

public sealed record CounsellorAdded(Guid CounsellorId, Guid UserId, Guid UniversityId) : IDomainEvent;

/// <summary>A centre creates a counsellor account for its university: department and the majors they look after.</summary>
public sealed class CreateCounsellor(JobFairDb db, UserManager<User> users, TimeProvider time, IValidator<CreateCounsellor.Request> validator)
    : IUseCase
{
    /// <summary>The account, and what the counsellor looks after: majors as the roster spells them (none: assigned graduates only).</summary>
    public sealed record Request(string Email, string Password, string Name, string Department, IReadOnlyList<string>? Majors);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Email).NotEmpty().MaximumLength(256).EmailAddress();
            RuleFor(r => r.Password).NotEmpty().MaximumLength(128);
            RuleFor(r => r.Name).NotEmpty().MaximumLength(50);
            RuleFor(r => r.Department).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Majors).Must(m => m is null || m.Count <= 50).WithMessage("at most 50 majors");
            RuleForEach(r => r.Majors).NotEmpty().MaximumLength(100);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/universities/{id:guid}/counsellors", (Guid id, Request request, CurrentUser caller, CreateCounsellor create,
                CancellationToken ct) => create.RunAsync(caller, id, request, ct).ToCreated(c => $"/api/counsellors/{c.Id}"))
            .RequireAuthorization(Policies.Centre)
            .Idempotent()
            .Refuses(Refusal.NotFound("university"), Refusal.Invalid("email", "required; a valid address"), Refusal.Invalid("password", "too weak"),
                LedgerAccess.NotOwnUniversity, CreateCentreStaff.EmailTaken)
            .WithSummary("A centre creates a counsellor account (role counsellor) for its university: name, department, majors looked after.");

    public async Task<Outcome<CounsellorResponse>> RunAsync(CurrentUser caller, Guid universityId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (await caller.CentreUniversityAsync(ct) != universityId) return LedgerAccess.NotOwnUniversity;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var user = new User { UserName = request.Email, Email = request.Email, EmailConfirmed = true, UniversityId = universityId, CreatedAt = now };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, request.Password);
        }
        // Identity's own duplicate check reads before it writes; a racing creation is stopped by the indexes.
        catch (DbUpdateException e) when (e.IsUniqueViolation(UserConfiguration.OneAccountPerEmail) ||
                                          e.IsUniqueViolation(UserConfiguration.OneAccountPerUserName))
        {
            return CreateCentreStaff.EmailTaken;
        }
        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail")
                ? CreateCentreStaff.EmailTaken
                : Refusal.Invalid(created.Errors
                    .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email")
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        }
        await users.AddToRoleAsync(user, Roles.Counsellor);
        var counsellor = new Counsellor
        {
            UserId = user.Id, UniversityId = universityId, Name = request.Name.Trim(), Department = request.Department.Trim(),
            Majors = (request.Majors ?? []).Select(m => m.Trim()).Distinct(StringComparer.Ordinal).ToList(),
            CreatedBy = caller.Id!.Value, CreatedAt = now,
        };
        db.Counsellors.Add(counsellor);
        db.Publish(new CounsellorAdded(counsellor.Id, user.Id, universityId), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await CounsellorResponse.LoadAsync(db, db.Counsellors.Where(c => c.Id == counsellor.Id), ct)).Single();
    }
}
