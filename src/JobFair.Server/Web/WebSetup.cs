using System.Text.Encodings.Web;
using System.Text.Unicode;
using JobFair.Server.Features.Accounts;
using Microsoft.AspNetCore.Components.Endpoints;

namespace JobFair.Server.Web;

/// <summary>
/// The web pages: Razor components rendered on the server (static SSR; no circuits, no
/// WebAssembly), enhanced by blazor.web.js and by small ES modules for what must be live.
/// Pages live with their capability (<c>Features/&lt;Capability&gt;/Pages</c>); the layout and
/// shared components here.
/// </summary>
internal static class WebSetup
{
    public static WebApplicationBuilder AddJobFairWeb(this WebApplicationBuilder builder)
    {
        // Run from a build rather than a publish (the tests), the static files are found through the
        // build's manifest beside the assembly, as in Development. Production is a published server
        // (deploy/run.sh, cluster.sh, bench.sh) with them in its wwwroot: it must not read a build's
        // manifest, which points into the building user's NuGet cache (unreadable to the server's
        // own user, and the server would not start).
        if (!builder.Environment.IsProduction()) builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddRazorComponents(); // static rendering only: no interactive render modes on purpose
        // Chinese text as characters, not as &#x...; entities (three times the bytes on every page).
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.AddCascadingAuthenticationState();
        services.AddLocalization(); // resources sit beside their marker class (SiteText, AccountsText, ...)
        services.AddScoped<Reader>();
        PageCache.AddTo(services);
        return builder;
    }

    /// <summary>
    /// Programs (the API, the hub, health, OpenAPI) get problem details; people get a page in the
    /// site's layout and language with the same status code (<see cref="Pages.ErrorPage"/>).
    /// </summary>
    public static WebApplication UseJobFairErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // ExceptionToProblem answers API requests; for pages it declines and this page renders.
            ExceptionHandlingPath = "/error",
            CreateScopeForErrors = true,
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        // Outer: a status without a body becomes the error page, found by routing the request again
        // (which only the application's own builder can do, hence no UseWhen branches here). In a
        // scope of its own: a page that answered 404 (NavigationManager.NotFound) has used its renderer.
        app.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true);
        // Inner: for programs, the framework's own body (problem details); a page's status passes on,
        // and is shown as a page view whatever the method was (the error page takes no forms).
        var framework = new StatusCodePagesOptions();
        app.UseStatusCodePages(new StatusCodePagesOptions
        {
            HandleAsync = context =>
            {
                var request = context.HttpContext.Request;
                if (IdentitySetup.IsApi(request)) return framework.HandleAsync(context);
                if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) request.Method = HttpMethods.Get;
                return Task.CompletedTask;
            },
        });
        return app;
    }

    /// <summary>
    /// Loads who is reading (zone, unread notifications) before a page renders, so that no
    /// component waits on the database before the layout can render, and none shares the
    /// request's DbContext with this query (components of a page initialise concurrently).
    /// </summary>
    public static WebApplication UseJobFairReader(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            {
                var services = http.RequestServices;
                var db = services.GetRequiredService<JobFairDb>();
                await services.GetRequiredService<Reader>().LoadAsync(CurrentUser.For(http.User, db), db, http.RequestAborted);
            }
            await next(http);
        });
        return app;
    }

    public static void MapJobFairWeb(this WebApplication app)
    {
        // Pages and files are not part of the HTTP API, so the OpenAPI document leaves them out.
        app.MapStaticAssets().ExcludeFromDescription();
        app.MapRazorComponents<App>().ExcludeFromDescription();
        app.MapLanguageSwitch();
        app.MapQrCodes();
    }
}
