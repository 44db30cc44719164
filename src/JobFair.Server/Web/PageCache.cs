using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace JobFair.Server.Web;

/// <summary>How long an anonymous reader's copy of a public page is kept (<see cref="PageCache"/>).</summary>
public sealed class PageCacheOptions
{
    /// <summary>Fresh for at most this long (served up to twice as old while renewed); 0 turns the cache off (the tests' default, so that they see live data).</summary>
    public double Seconds { get; set; } = 5;
}

/// <summary>
/// The home page and a fair's page, as an anonymous reader gets them, rendered once every few seconds
/// and served from memory meanwhile: on a fair day thousands of people who have not signed in open the
/// same two pages, each rendering a list, its count and the fair's figures (docs/performance.md, pages).
/// A copy is fresh for at most <see cref="PageCacheOptions.Seconds"/> (the figures move live through the
/// hub anyway); copies expire at spread moments so that they are not all rendered again at once, and
/// while one is rendered again its readers get the expired copy (<see cref="RenewingPageStore"/>), so a
/// copy can be up to twice that old. Any request
/// carrying a cookie (sign-in, antiforgery, a chosen language) or an Authorization header is never
/// answered from the cache nor stored in it, nor is any answer that sets a cookie or is not a 200.
/// </summary>
internal sealed class PageCache(IOptionsMonitor<PageCacheOptions> options) : IOutputCachePolicy
{
    /// <summary>The policy's name in <c>[OutputCache(PolicyName = ...)]</c> on a page.</summary>
    public const string Anonymous = "anonymous-pages";

    public static void AddTo(IServiceCollection services)
    {
        services.AddOptions<PageCacheOptions>().BindConfiguration("PageCache");
        services.AddOutputCache();
        services.Replace(ServiceDescriptor.Singleton<IOutputCacheStore, RenewingPageStore>()); // an expired copy while it is renewed
        services.AddOptions<OutputCacheOptions>().Configure<IOptionsMonitor<PageCacheOptions>>((o, page) => o.AddPolicy(Anonymous, new PageCache(page)));
    }

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var lifetime = options.CurrentValue.Seconds;
        var anonymous = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
                        !request.Headers.ContainsKey(HeaderNames.Cookie) && !request.Headers.ContainsKey(HeaderNames.Authorization);
        context.EnableOutputCaching = lifetime > 0;
        context.AllowCacheLookup = anonymous;
        context.AllowCacheStorage = anonymous;
        context.AllowLocking = true; // readers arriving while a copy renders wait for it rather than render their own
        context.CacheVaryByRules.QueryKeys = "*"; // ?page=, the filters, ?culture=
        context.CacheVaryByRules.HeaderNames = HeaderNames.Accept; // an enhanced navigation asks with its own Accept
        context.CacheVaryByRules.VaryByHost = true;
        context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(lifetime * (0.8 + 0.2 * Random.Shared.NextDouble()));
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey(HeaderNames.SetCookie))
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}
