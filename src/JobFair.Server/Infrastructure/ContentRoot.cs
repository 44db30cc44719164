namespace JobFair.Server.Infrastructure;

/// <summary>
/// Where the server finds its own files (appsettings.json above all). The framework's default is
/// the caller's working folder, so a server started from anywhere else silently ran without its
/// settings. Unless the caller names a content root, it is the folder the server was built into.
/// </summary>
internal static class ContentRoot
{
    public static string? Choose(string[] args, Func<string, string?> environment)
    {
        var named = args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase)) ||
            !string.IsNullOrEmpty(environment("ASPNETCORE_CONTENTROOT")) || !string.IsNullOrEmpty(environment("DOTNET_CONTENTROOT"));
        return named ? null : AppContext.BaseDirectory;
    }
}
