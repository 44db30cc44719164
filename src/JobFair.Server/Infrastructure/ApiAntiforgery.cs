using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace JobFair.Server.Infrastructure;

/// <summary>
/// A browser sends the sign-in cookie with any request, also one that another site's page makes;
/// so every state change to /api authenticated by the cookie must carry an antiforgery token in
/// the <c>RequestVerificationToken</c> header (pages get one from <c>GET /api/auth/antiforgery</c>
/// after signing in; forms of the server's own pages carry theirs). Bearer-token calls are exempt:
/// another site cannot make a browser send an Authorization header.
/// </summary>
internal static class ApiAntiforgery
{
    public const string HeaderName = "RequestVerificationToken";

    public sealed record TokenResponse(string Token, string HeaderName);

    public static IServiceCollection AddApiAntiforgery(this IServiceCollection services) =>
        services.AddAntiforgery(o => o.HeaderName = HeaderName);

    public static IApplicationBuilder UseApiAntiforgery(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (NeedsToken(http) && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
        {
            await new Refusal(StatusCodes.Status400BadRequest, "antiforgery_token_invalid",
                $"A change made with the sign-in cookie needs the {HeaderName} header from GET /api/auth/antiforgery.").ToProblem().ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    public static void MapAntiforgeryToken(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/auth/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(http);
                return TypedResults.Ok(new TokenResponse(tokens.RequestToken!, tokens.HeaderName ?? HeaderName));
            })
            .WithTags("Auth")
            .WithSummary($"An antiforgery token for the caller's session (also sets its cookie): send it as the {HeaderName} header with every cookie-authenticated change.");

    private static bool NeedsToken(HttpContext http) =>
        !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ||
          HttpMethods.IsOptions(http.Request.Method) || HttpMethods.IsTrace(http.Request.Method)) &&
        http.Request.Path.StartsWithSegments("/api") &&
        // The scheme that actually authenticated the request (the default scheme forwards to one of two).
        http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket?.AuthenticationScheme == IdentityConstants.ApplicationScheme;
}
