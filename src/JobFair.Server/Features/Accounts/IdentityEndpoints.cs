using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.AspNetCore.Mvc;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace JobFair.Server.Features.Accounts;

/// <summary>
/// register, login, refresh (and Identity's account-management routes) as Identity ships them,
/// under /api/auth, rate limited, with the contract's refusals for a failed sign-in.
/// </summary>
internal static class IdentityEndpoints
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGroup("/auth")
            .RequireRateLimiting(RateLimits.SignIn)
            .MapIdentityApi<User>()
            .RequireNonNullMembers()
            .AddEndpointFilter(LoginRefusals);

    /// <summary>
    /// Identity answers a locked-out sign-in with 401 "LockedOut"; the contract asks for 429 with
    /// Retry-After, and a stable code on every refusal.
    /// </summary>
    private static async ValueTask<object?> LoginRefusals(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        // Identity's own problem result: read through its interfaces, since it is Identity's type, not ours.
        if (inner is not (IStatusCodeHttpResult { StatusCode: StatusCodes.Status401Unauthorized } and IValueHttpResult<ProblemDetails> { Value: { } problem }) ||
            context.Arguments.OfType<LoginRequest>().FirstOrDefault() is not { } login)
            return result;

        if (problem.Detail == SignInResult.LockedOut.ToString())
        {
            var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<User>>();
            var user = await users.FindByEmailAsync(login.Email);
            var until = user is null ? null : await users.GetLockoutEndDateAsync(user);
            var wait = until is { } end ? end - DateTimeOffset.UtcNow : TimeSpan.FromMinutes(5);
            await RateLimits.TooManyRequests(context.HttpContext, wait, "locked_out",
                "Too many failed sign-ins for this account; try again later.");
            return Results.Empty;
        }
        problem.Extensions["code"] = "invalid_credentials";
        problem.Detail = "Wrong email or password.";
        return result;
    }
}
