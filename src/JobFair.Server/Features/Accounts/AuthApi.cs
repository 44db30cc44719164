using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;

namespace JobFair.Server.Features.Accounts;

internal static class AuthApi
{
    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        // register, login, refresh (and Identity's account-management routes) as Identity ships them.
        app.MapGroup("/api/auth")
            .WithTags("Auth")
            .RequireRateLimiting(RateLimits.SignIn)
            .MapIdentityApi<User>()
            .RequireNonNullMembers()
            .AddEndpointFilter(LoginRefusals);

        app.MapGet("/api/me", GetMe)
            .WithTags("Auth")
            .RequireAuthorization()
            .WithSummary("Who the caller is, with roles and linked ids read from the database.");

        TimeZones.Map(app);
        app.MapCreateCentreStaff();
    }

    internal sealed record MeResponse(
        Guid UserId, string Email, IReadOnlyList<string> Roles,
        Guid? StudentId, Guid? EmployerId, Guid? UniversityId, string TimeZone);

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> GetMe(
        ClaimsPrincipal principal, JobFairDb db, CancellationToken ct)
    {
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
            return Problem.Refuse(StatusCodes.Status401Unauthorized, "unauthenticated", "Sign in first.");
        var me = await db.Users.Where(u => u.Id == userId)
            .Select(u => new
            {
                u.Id, u.Email, u.UniversityId, u.EmployerId, u.TimeZone,
                StudentId = db.Students.Where(s => s.UserId == u.Id).Select(s => (Guid?)s.Id).FirstOrDefault(),
                StudentUniversityId = db.Students.Where(s => s.UserId == u.Id).Select(s => (Guid?)s.UniversityId).FirstOrDefault(),
                Roles = db.UserRoles.Where(r => r.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (me is null)
            return Problem.Refuse(StatusCodes.Status401Unauthorized, "unauthenticated", "This account no longer exists.");
        return TypedResults.Ok(new MeResponse(me.Id, me.Email!, me.Roles.Order(StringComparer.Ordinal).ToList(),
            me.StudentId, me.EmployerId, me.UniversityId ?? me.StudentUniversityId, me.TimeZone ?? TimeZones.Default));
    }

    /// <summary>
    /// Identity answers a locked-out sign-in with 401 "LockedOut"; the contract asks for 429 with
    /// Retry-After, and a stable code on every refusal.
    /// </summary>
    private static async ValueTask<object?> LoginRefusals(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        if (inner is not ProblemHttpResult { StatusCode: StatusCodes.Status401Unauthorized } problem ||
            context.Arguments.OfType<LoginRequest>().FirstOrDefault() is not { } login)
            return result;

        if (problem.ProblemDetails.Detail == SignInResult.LockedOut.ToString())
        {
            var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<User>>();
            var user = await users.FindByEmailAsync(login.Email);
            var until = user is null ? null : await users.GetLockoutEndDateAsync(user);
            var wait = until is { } end ? end - DateTimeOffset.UtcNow : TimeSpan.FromMinutes(5);
            await RateLimits.TooManyRequests(context.HttpContext, wait, "locked_out",
                "Too many failed sign-ins for this account; try again later.");
            return Results.Empty;
        }
        problem.ProblemDetails.Extensions["code"] = "invalid_credentials";
        problem.ProblemDetails.Detail = "Wrong email or password.";
        return result;
    }
}
