using Microsoft.AspNetCore.Identity.Data;
using Microsoft.AspNetCore.Mvc;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace JobFair.Server.Features.Accounts;

/// <summary>
/// login, refresh (and Identity's account-management routes) as Identity ships them, under
/// /api/auth, rate limited, with the contract's refusals for a failed sign-in and the lockout per
/// account and address (<see cref="SignInGuard"/>); registration answers as <see cref="RegisterAccount"/> decides.
/// </summary>
internal static class IdentityEndpoints
{
    internal static void Map(IEndpointRouteBuilder api)
    {
        var identity = api.MapGroup("/auth")
            .RequireRateLimiting(RateLimits.SignIn)
            .MapIdentityApi<User>()
            .RequireNonNullMembers()
            .AddEndpointFilter(GuardSignIn);
        identity.Add(Declare);
        RegisterAccount.Answer(identity);
    }

    public static readonly Refusal InvalidCredentials = new(StatusCodes.Status401Unauthorized, "invalid_credentials", "Wrong email or password.");

    public static readonly Refusal LockedOut = new(StatusCodes.Status429TooManyRequests, "locked_out",
        "Too many failed sign-ins for this account from this address; try again later.");

    /// <summary>The link of a confirmation mail that names no account or carries a wrong or spent code.</summary>
    public static readonly Refusal ConfirmationNotValid = Refusal.Unauthenticated("The confirmation link is not valid.");

    /// <summary>Identity's /manage routes when the signed-in account no longer exists.</summary>
    public static readonly Refusal AccountGone = Refusal.NotFound("account");

    /// <summary>
    /// Identity's routes are mapped by the framework: their refusals are declared here. Every one
    /// spends the per-address sign-in budget (429 too_many_requests); each that reads a body or the
    /// query answers a malformed or invalid one with 400 bad_request; sign-in and refresh refuse as
    /// <see cref="GuardSignIn"/> and Identity's bearer handler do; a confirmation link that is not
    /// valid is 401; the account-management routes answer 404 for an account deleted meanwhile
    /// (their 401 for a caller not signed in comes from their authorization, as for every route).
    /// </summary>
    private static void Declare(EndpointBuilder endpoint)
    {
        if (endpoint is not RouteEndpointBuilder { RoutePattern.RawText: { } route }) return;
        var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
        var refusals = new List<Refusal> { RateLimits.TooMany };
        if (methods.Contains(HttpMethods.Post) || route.EndsWith("/confirmEmail", StringComparison.Ordinal))
            refusals.Add(Refusal.Invalid("body", "missing, malformed or not valid"));
        if (route.EndsWith("/login", StringComparison.Ordinal)) refusals.AddRange([InvalidCredentials, LockedOut]);
        if (route.EndsWith("/refresh", StringComparison.Ordinal)) refusals.Add(Refusal.Unauthenticated("The refresh token is not valid."));
        if (route.EndsWith("/confirmEmail", StringComparison.Ordinal)) refusals.Add(ConfirmationNotValid);
        if (route.Contains("/manage/", StringComparison.Ordinal)) refusals.Add(AccountGone);
        endpoint.Metadata.Add(new RefusalsMetadata(refusals));
    }

    /// <summary>
    /// Around Identity's login: a locked account-and-address pair is refused before the password is
    /// looked at (429 locked_out with Retry-After, the same for unknown addresses); a failure is
    /// counted and may lock the pair at once; a success clears it. Identity's 401 "Failed" gets the
    /// contract's code.
    /// </summary>
    private static async ValueTask<object?> GuardSignIn(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<LoginRequest>().FirstOrDefault() is not { } login) return await next(context);
        var http = context.HttpContext;
        var ct = http.RequestAborted;
        var guard = http.RequestServices.GetRequiredService<SignInGuard>();
        var address = RateLimits.ClientAddress(http);
        var email = login.Email ?? "";
        if (await guard.LockedForAsync(email, address, ct) is { } locked) return await RefuseLockedOut(http, locked);

        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        // Identity's own problem result: read through its interfaces, since it is Identity's type, not ours.
        if (inner is not (IStatusCodeHttpResult { StatusCode: StatusCodes.Status401Unauthorized } and IValueHttpResult<ProblemDetails> { Value: { } problem }))
        {
            await guard.CheckedAsync(email, login.Password ?? "", address, succeeded: true, ct);
            return result;
        }
        if (problem.Detail != SignInResult.Failed.ToString()) return result; // the password was right; a second factor is missing
        if (await guard.CheckedAsync(email, login.Password ?? "", address, succeeded: false, ct) is { } lockedNow)
            return await RefuseLockedOut(http, lockedNow);
        problem.Extensions["code"] = InvalidCredentials.Code;
        problem.Detail = InvalidCredentials.Message;
        return result;
    }

    private static async Task<object?> RefuseLockedOut(HttpContext http, TimeSpan wait)
    {
        await RateLimits.TooManyRequests(http, wait, LockedOut.Code, LockedOut.Message);
        return Results.Empty;
    }
}
