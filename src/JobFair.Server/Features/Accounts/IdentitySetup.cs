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

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "jobfair";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.HttpOnly = true;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(7);
            // API and hub callers get status codes (with problem bodies), never login redirects.
            o.Events.OnRedirectToLogin = context => Refuse(context.HttpContext, context.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Refuse(context.HttpContext, context.RedirectUri, StatusCodes.Status403Forbidden);
        });
        services.AddJobFairPolicies();
        return services;
    }

    private static Task Refuse(HttpContext http, string redirectUri, int status)
    {
        if (IsApi(http.Request)) http.Response.StatusCode = status;
        else http.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }

    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs");
}
