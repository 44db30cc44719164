using System.Net;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Universities;
using JobFair.Server.Infrastructure.Telemetry;
using JobFair.Server.Web;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Json;

namespace JobFair.Server.Infrastructure;

/// <summary>Cross-cutting set-up that every capability relies on.</summary>
internal static class Hosting
{
    private const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddJobFairHosting(this WebApplicationBuilder builder)
    {
        if (builder.Configuration["JOBFAIR_PORT"] is { } port)
            builder.WebHost.UseUrls($"http://{builder.Configuration["JOBFAIR_HOST"] ?? "127.0.0.1"}:{port}");
        // JSON bodies are small; routes that take files say how much they take (RequestSizeLimit).
        // Kestrel answers a larger body with 413, which becomes the contract's problem "too_large".
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true; // carries RequestId and TraceId of the request being served
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.UseUtcTimestamp = true;
        });

        builder.AddJobFairTelemetry();

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.Configure<AdminOptions>(o =>
        {
            o.Email = builder.Configuration["JOBFAIR_ADMIN_EMAIL"] ?? o.Email;
            o.Password = builder.Configuration["JOBFAIR_ADMIN_PASSWORD"];
            o.Reset = builder.Configuration["JOBFAIR_ADMIN_RESET"] == "1";
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions.TryAdd("traceId", c.HttpContext.TraceIdentifier);
            if (c.ProblemDetails.Status is >= 400 and < 500 && !c.ProblemDetails.Extensions.ContainsKey("code"))
                c.ProblemDetails.Extensions["code"] = DefaultCode(c.ProblemDetails.Status.Value);
        });
        services.AddExceptionHandler<ExceptionToProblem>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new UtcDateTimeOffsetConverter());
            o.SerializerOptions.Converters.Add(new SafeStringConverter());
        });
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // The client's address and scheme from the proxy on this machine (nginx) only. The host is
            // never taken from X-Forwarded-Host: nginx passes Host itself, and AllowedHosts checks it.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            o.KnownProxies.Add(IPAddress.Loopback);
            o.KnownProxies.Add(IPAddress.IPv6Loopback);
        });
        services.AddAllowedHostsCheck();
        services.AddApiAntiforgery();
        services.AddOpenApi(OpenApiSchemaIds.Configure);
        services.AddValidators();
        services.AddJobFairRateLimits();
        services.AddJobFairHealth();
        services.AddIdempotencyKeys();
        services.AddJobFairDataProtection(builder.Configuration, builder.Environment);
        services.AddUseCases();
        services.AddRefusalDocs();
        services.AddScoped<AdminAccount>();
        services.AddScoped<ReferenceData>();
        return builder;
    }

    public static WebApplication UseJobFairPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        // Problem bodies for 4xx/5xx of the API answered without one; error pages for people.
        app.UseJobFairErrors();
        app.UseJobFairLanguages(); // Simplified Chinese by default; English on request
        app.UseSafeTextChecks();
        app.UseAuthentication();
        app.UseApiAntiforgery();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery(); // for the pages' forms; after authentication, as a token is bound to its user
        app.UseOutputCache(); // anonymous readers' copies of the public pages (Web/PageCache), before any page's work
        app.UseJobFairReader(); // the signed-in reader's zone and unread count, before a page renders
        app.MapOpenApi();
        app.MapAntiforgeryToken();
        app.MapJobFairMetrics();
        return app;
    }

    /// <summary>Migrates, loads reference data and ensures the admin account before serving.</summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        var admin = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AdminOptions>>().Value;
        if (string.IsNullOrEmpty(admin.Password) && !app.Environment.IsDevelopment())
            throw new InvalidOperationException("JOBFAIR_ADMIN_PASSWORD must be set outside Development.");
        await app.Services.GetRequiredService<Migrator>().ApplyAsync();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReferenceData>().LoadAsync();
        await scope.ServiceProvider.GetRequiredService<AdminAccount>().EnsureAsync(admin);
    }

    private static string DefaultCode(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "too_large",
        415 => "unsupported_media_type",
        429 => "too_many_requests",
        _ => "error",
    };
}
