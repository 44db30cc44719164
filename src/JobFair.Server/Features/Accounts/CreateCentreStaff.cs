using Microsoft.AspNetCore.Identity;

namespace JobFair.Server.Features.Accounts;

public sealed record CentreStaffAdded(Guid UserId, Guid UniversityId, string Email) : IDomainEvent;

/// <summary>The platform operator gives a university's career centre its first accounts.</summary>
internal static class CreateCentreStaff
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

    public static void MapCreateCentreStaff(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/admin/centre-staff", Handle)
            .WithTags("Admin")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .Validate<Request>().Idempotent()
            .WithSummary("Create a career-centre staff account for a university (admin only).");

    private static async Task<Results<Created<Response>, ValidationProblem, ProblemHttpResult>> Handle(
        Request request, JobFairDb db, UserManager<User> users, TimeProvider time, CancellationToken ct)
    {
        if (!await db.Universities.AnyAsync(u => u.Id == request.UniversityId, ct))
            return Problem.Invalid("universityId", "No such university.");

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
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return EmailTaken();
        }
        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail")
                ? EmailTaken()
                : TypedResults.ValidationProblem(created.Errors
                    .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email")
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        }
        await users.AddToRoleAsync(user, Roles.Centre);
        db.Publish(new CentreStaffAdded(user.Id, request.UniversityId, request.Email), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/admin/centre-staff/{user.Id}",
            new Response(user.Id, request.Email, [Roles.Centre], request.UniversityId));
    }

    private static ProblemHttpResult EmailTaken() =>
        Problem.Conflict("email_taken", "An account with this email already exists.");
}
