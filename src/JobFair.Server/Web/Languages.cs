using System.Globalization;
using Microsoft.AspNetCore.Localization;
using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Web;

/// <summary>
/// Simplified Chinese by default, English on request. A reader's choice is remembered in the
/// culture cookie; pages ignore the browser's Accept-Language (a phone set to English still gets
/// the Chinese site it was sent to, with a visible switch), programs calling the API may use it.
/// </summary>
internal static class Languages
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    private static readonly CultureInfo[] Supported = [new(Chinese), new(English)];

    public static WebApplication UseJobFairLanguages(this WebApplication app)
    {
        app.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Chinese);
            o.SupportedCultures = Supported;
            o.SupportedUICultures = Supported;
            var browser = new AcceptLanguageHeaderRequestCultureProvider();
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(http => IdentitySetup.IsApi(http.Request)
                    ? browser.DetermineProviderCultureResult(http)
                    : Task.FromResult<ProviderCultureResult?>(null)),
            ];
        });
        return app;
    }

    /// <summary>Where the language switch links: remembers the choice, then goes back to the page.</summary>
    public static string SwitchUrl(string culture, string returnUrl) =>
        $"/language/{culture}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    public static void MapLanguageSwitch(this IEndpointRouteBuilder app) =>
        app.MapGet("/language/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (!Supported.Any(c => c.Name == culture)) return Results.NotFound();
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions
                {
                    Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true,
                    SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps,
                });
            return Results.LocalRedirect(LocalUrls.OrHome(returnUrl));
        }).ExcludeFromDescription();
}
