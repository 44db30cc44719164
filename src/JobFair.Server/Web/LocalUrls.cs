using Microsoft.AspNetCore.Diagnostics;

namespace JobFair.Server.Web;

/// <summary>Redirect targets taken from a request are followed only when they stay on this site.</summary>
public static class LocalUrls
{
    /// <summary>
    /// A path on this site: starts with one "/" and is neither protocol-relative ("//evil") nor
    /// a backslash trick ("/\evil", which browsers read as "//evil"), and has no control characters.
    /// </summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' &&
        (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) &&
        !url.Any(char.IsControl);

    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";

    /// <summary>
    /// The page the reader asked for, as a local URL: for an error page shown in place of another
    /// (status code re-execution), the address the reader actually has in the address bar.
    /// </summary>
    public static string Current(HttpContext http)
    {
        if (http.Features.Get<IStatusCodeReExecuteFeature>() is { } reExecuted)
            return reExecuted.OriginalPath + reExecuted.OriginalQueryString;
        if (http.Features.Get<IExceptionHandlerPathFeature>() is { } failed)
            return failed.Path;
        return http.Request.Path + http.Request.QueryString;
    }
}
