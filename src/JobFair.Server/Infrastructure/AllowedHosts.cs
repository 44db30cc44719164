using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace JobFair.Server.Infrastructure;

/// <summary>
/// Links the platform writes with its own address (calendar files) take the host from the request,
/// so a request may name only a host of <c>AllowedHosts</c> (appsettings.json; JOBFAIR_ALLOWED_HOSTS
/// in the scripts). The framework's host filter enforces the same list but answers with an HTML
/// page; this check runs before it (as the outermost middleware) and answers with a problem like
/// every other 4xx.
/// </summary>
internal static class AllowedHosts
{
    public static IServiceCollection AddAllowedHostsCheck(this IServiceCollection services)
    {
        // Startup filters wrap the pipeline in the order they were registered: first is outermost.
        services.Insert(0, ServiceDescriptor.Singleton<IStartupFilter, Check>());
        return services;
    }

    private sealed class Check(IOptions<HostFilteringOptions> options) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var hosts = options.Value.AllowedHosts;
            var any = hosts.Count == 0 || hosts.Contains("*");
            var patterns = hosts.Select(h => new StringSegment(h)).ToList();
            var allowEmpty = options.Value.AllowEmptyHosts;
            app.Use((http, nextMiddleware) =>
                any || (http.Request.Host.HasValue ? HostString.MatchesAny(new StringSegment(http.Request.Host.Host), patterns) : allowEmpty)
                    ? nextMiddleware(http)
                    : new Refusal(StatusCodes.Status400BadRequest, "host_not_allowed",
                        "This server does not answer to that host name (see AllowedHosts).").ToProblem().ExecuteAsync(http));
            next(app);
        };
    }
}
