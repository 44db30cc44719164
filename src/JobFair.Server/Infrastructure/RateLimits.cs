using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace JobFair.Server.Infrastructure;

/// <summary>
/// Per-address limits (settings <c>RateLimits:*</c>). Each is a token bucket: a burst of
/// <c>…Burst</c> requests, refilled at <c>…PerMinute</c>. They must hold off a script yet let a
/// whole campus through one NAT address when a fair opens, so they are sized for a campus:
/// about 5,000 graduates of whom a fifth register and claim within the first ten minutes (some
/// 1,000 each, 100 a minute), which a burst of 300 and 120 a minute (1,500 in ten minutes) carries
/// while a script is slowed to two a second. Each node counts for itself; behind nginx the limits
/// are per node. Tests raise them (JobFairApp) except where the limits themselves are tested.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>
    /// Sign-in, refresh and Identity's other /api/auth routes. Generous: a campus signs in at once
    /// when a fair opens, and guessing one account's password is stopped by the per-account-and-
    /// address lockout below instead.
    /// </summary>
    public int SignInPerMinute { get; set; } = 3000;
    public int SignInBurst { get; set; } = 1000;

    /// <summary>Registration (POST /api/auth/register and the /register page). Accounts alone can do nothing; a script is kept to two a second.</summary>
    public int RegisterPerMinute { get; set; } = 120;
    public int RegisterBurst { get; set; } = 300;

    /// <summary>Claims of roster rows (PUT /api/students/me), where activation codes are used: a graduate claims once.</summary>
    public int ClaimsPerMinute { get; set; } = 120;
    public int ClaimsBurst { get; set; } = 300;

    /// <summary>
    /// Resume uploads (5 MB each), which come after the claims, one or two per graduate. What one
    /// account keeps is capped (UploadResume.MaxStored) and accounts need activation codes, so this
    /// bounds the rate, not the total.
    /// </summary>
    public int UploadsPerMinute { get; set; } = 60;
    public int UploadsBurst { get; set; } = 300;

    /// <summary>Failed sign-ins of one account from one address within <see cref="SignInFailureWindow"/> before that pair is locked.</summary>
    public int SignInFailures { get; set; } = 5;
    public TimeSpan SignInFailureWindow { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>How long the pair is locked (each further failure within the window locks it again).</summary>
    public TimeSpan SignInLockout { get; set; } = TimeSpan.FromMinutes(5);
}

internal static class RateLimits
{
    public const string SignIn = "sign-in";
    /// <summary>POST /api/auth/register and the /register page's form: one budget per address; reading the page costs nothing.</summary>
    public const string Register = "register";
    /// <summary>PUT /api/students/me and the forms of a student's start page /me (claim, upload): one budget per address; reading costs nothing.</summary>
    public const string Claims = "claims";
    public const string Uploads = "uploads";

    /// <summary>What a limited route answers over its limit (for the OpenAPI document; RateLimits writes it).</summary>
    public static readonly Refusal TooMany = new(StatusCodes.Status429TooManyRequests, "too_many_requests",
        "Too many requests from this address; try again after Retry-After seconds.");

    public static IServiceCollection AddJobFairRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration("RateLimits");
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SignIn, http => Bucket(http, l => (l.SignInPerMinute, l.SignInBurst)));
            // Pages call the same use cases as the API without passing its routes, so they carry the same policy: a
            // policy is one limiter, and a script gains nothing by switching between the page and the API.
            o.AddPolicy(Register, http => WritesOnly(http, l => (l.RegisterPerMinute, l.RegisterBurst)));
            o.AddPolicy(Claims, http => WritesOnly(http, l => (l.ClaimsPerMinute, l.ClaimsBurst)));
            o.AddPolicy(Uploads, http => Bucket(http, l => (l.UploadsPerMinute, l.UploadsBurst)));
            o.OnRejected = (context, ct) => TooManyRequests(context.HttpContext,
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(1),
                TooMany.Code, "Too many attempts from this address; try again shortly.");
        });
        return services;
    }

    private static RateLimitPartition<string> WritesOnly(HttpContext http, Func<RateLimitOptions, (int PerMinute, int Burst)> limit) =>
        HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            ? RateLimitPartition.GetNoLimiter("read")
            : Bucket(http, limit);

    private static RateLimitPartition<string> Bucket(HttpContext http, Func<RateLimitOptions, (int PerMinute, int Burst)> limit)
    {
        var (perMinute, burst) = limit(http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        perMinute = Math.Max(1, perMinute);
        // Refilled every second (whole tokens: perMinute / 60), or more slowly when the rate is below one a second.
        return RateLimitPartition.GetTokenBucketLimiter(ClientAddress(http), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = Math.Max(1, perMinute / 60),
            ReplenishmentPeriod = perMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(60.0 / perMinute),
            QueueLimit = 0,
        });
    }

    /// <summary>
    /// The address limits and lockouts count by: the client's IPv4 address, or its IPv6 /64 (one
    /// subscriber usually holds a whole /64, so single IPv6 addresses would cost nothing to change).
    /// Behind a proxy it is the forwarded address (UseForwardedHeaders runs first).
    /// </summary>
    public static string ClientAddress(HttpContext http)
    {
        if (http.Connection.RemoteIpAddress is not { } address) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
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
