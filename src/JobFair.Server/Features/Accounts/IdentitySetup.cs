using Microsoft.AspNetCore.Identity;

namespace JobFair.Server.Features.Accounts;

internal static class IdentitySetup
{
    public static IServiceCollection AddJobFairIdentity(this IServiceCollection services)
    {
        // Bearer tokens for API clients, cookies for pages; the composite default scheme picks
        // bearer when an Authorization header is present.
        services.AddIdentityApiEndpoints<User>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                // Locked out per account and address instead (SignInGuard); see JobFairUserManager.
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddUserManager<JobFairUserManager>()
            .AddEntityFrameworkStores<JobFairDb>();
        services.AddScoped<SignInGuard>();

        // Challenges and refusals follow the caller: the bearer scheme for the API and the hub (401,
        // 403), the cookie for pages (a redirect to sign in, the 403 page). Authentication itself
        // still tries both (Identity's default scheme).
        services.AddAuthentication(o =>
            {
                o.DefaultChallengeScheme = CallerScheme;
                o.DefaultForbidScheme = CallerScheme;
            })
            .AddPolicyScheme(CallerScheme, null, o => o.ForwardDefaultSelector = http =>
                IsApi(http.Request) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme);

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "jobfair";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.HttpOnly = true;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(7);
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.ReturnUrlParameter = "returnUrl";
            // API and hub callers get status codes (with problem bodies), never login redirects.
            // People are sent to sign in, or shown the 403 page in place of the one they asked for.
            o.Events.OnRedirectToLogin = context =>
            {
                if (IsApi(context.Request)) context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                else context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddJobFairPolicies();
        return services;
    }

    private const string CallerScheme = "JobFair.Caller";

    /// <summary>Addresses for programs (problem details, no redirects); everything else is a page for people.</summary>
    public static bool IsApi(HttpRequest request) => IsApi(request.Path);

    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/health") ||
        path.StartsWithSegments("/openapi") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/bench");
}
