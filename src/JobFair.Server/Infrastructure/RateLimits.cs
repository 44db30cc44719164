using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace JobFair.Server.Infrastructure;

public sealed class RateLimitOptions
{
    /// <summary>
    /// Sign-in and registration attempts per client address per minute. Generous: a whole
    /// campus may sit behind one NAT address when a fair opens. Guessing one account's
    /// password is stopped by Identity's lockout instead.
    /// </summary>
    public int SignInPerMinute { get; set; } = 3000;
    public int SignInBurst { get; set; } = 1000;
}

internal static class RateLimits
{
    public const string SignIn = "sign-in";

    public static IServiceCollection AddJobFairRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration("RateLimits");
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SignIn, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                // Refilled every second, or more slowly when the rate is below one a second.
                var perMinute = Math.Max(1, limits.SignInPerMinute);
                return RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.SignInBurst,
                    TokensPerPeriod = Math.Max(1, perMinute / 60),
                    ReplenishmentPeriod = perMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(60.0 / perMinute),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = (context, ct) => TooManyRequests(context.HttpContext,
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(1),
                "too_many_requests", "Too many attempts from this address; try again shortly.");
        });
        return services;
    }

    /// <summary>
    /// Writes a 429 problem with Retry-After in whole seconds; for a page, only the status and the
    /// header, and the error page (WebSetup) says it in the reader's language.
    /// </summary>
    public static ValueTask TooManyRequests(HttpContext http, TimeSpan retryAfter, string code, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (!Features.Accounts.IdentitySetup.IsApi(http.Request)) return ValueTask.CompletedTask;
        return new ValueTask(new Refusal(StatusCodes.Status429TooManyRequests, code, detail).ToProblem().ExecuteAsync(http));
    }
}
