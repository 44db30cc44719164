using Microsoft.AspNetCore.Identity;

namespace JobFair.Server.Features.Accounts;

public sealed record CentreStaffAdded(Guid UserId, Guid UniversityId, string Email) : IDomainEvent;

/// <summary>The platform operator gives a university's career centre its first accounts.</summary>
public sealed class CreateCentreStaff(JobFairDb db, UserManager<User> users, TimeProvider time, IValidator<CreateCentreStaff.Request> validator)
    : IUseCase
{
    public sealed record Request(string Email, string Password, Guid UniversityId);

    public sealed record Response(Guid UserId, string Email, IReadOnlyList<string> Roles, Guid UniversityId);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Email).NotEmpty().MaximumLength(256).EmailAddress();
            RuleFor(r => r.Password).NotEmpty().MaximumLength(128);
            RuleFor(r => r.UniversityId).NotEmpty();
        }
    }

    public static readonly Refusal EmailTaken = Refusal.Conflict("email_taken", "An account with this email already exists.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/centre-staff", (Request request, CreateCentreStaff create, CancellationToken ct) =>
                create.RunAsync(request, ct).ToCreated(r => $"/api/admin/centre-staff/{r.UserId}"))
            .WithTags("Admin")
            .RequireAuthorization(Policies.Admin)
            .Idempotent()
            .Refuses(Refusal.Invalid("email", "required; a valid address"), Refusal.Invalid("universityId", "No such university."),
                Refusal.Invalid("password", "too weak"), EmailTaken)
            .WithSummary("Create a career-centre staff account for a university (admin only).");

    public async Task<Outcome<Response>> RunAsync(Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (!await db.Universities.AnyAsync(u => u.Id == request.UniversityId, ct))
            return Refusal.Invalid("universityId", "No such university.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new User
        {
            UserName = request.Email, Email = request.Email, EmailConfirmed = true,
            UniversityId = request.UniversityId, CreatedAt = time.GetUtcNow(),
        };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, request.Password);
        }
        // Identity's own duplicate check reads before it writes; a racing creation is stopped by the indexes.
        catch (DbUpdateException e) when (e.IsUniqueViolation(UserConfiguration.OneAccountPerEmail) ||
                                          e.IsUniqueViolation(UserConfiguration.OneAccountPerUserName))
        {
            return EmailTaken;
        }
        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail")
                ? EmailTaken
                : Refusal.Invalid(created.Errors
                    .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email")
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        }
        await users.AddToRoleAsync(user, Roles.Centre);
        db.Publish(new CentreStaffAdded(user.Id, request.UniversityId, request.Email), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Response(user.Id, request.Email, [Roles.Centre], request.UniversityId);
    }
}
