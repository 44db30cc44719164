using System.Net;
using JobFair.Server.Features.Accounts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.SignalR;
using Microsoft.OpenApi;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace JobFair.Server.Infrastructure.Telemetry;

/// <summary>
/// Metrics and traces with OpenTelemetry (docs/operations.md). Metrics are served to Prometheus
/// at <c>/metrics</c> (loopback callers and the admin only) and, like traces and logs, exported
/// over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Without it no span is recorded, but
/// requests and consumers still get trace ids, which the JSON log lines carry in their scopes.
/// <c>Telemetry:Metrics=false</c> turns the metrics off (the test host does, except where a test reads them).
/// </summary>
internal static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    /// <summary>Framework meters worth watching here besides the platform's own (<see cref="PlatformMetrics"/>).</summary>
    private static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.RateLimiting", "MassTransit", PlatformMetrics.MeterName,
    ];

    public static WebApplicationBuilder AddJobFairTelemetry(this WebApplicationBuilder builder)
    {
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("jobfair")) // each process gets its own service.instance.id
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.Filter = http => !IsScrapeOrProbe(http.Request.Path))
                    .AddSource("MassTransit")
                    .AddNpgsql();
                // Nothing would receive recorded spans: record none. Roots (a request, a consumed
                // message) are still created with their trace ids, so logs can be correlated.
                if (!exportOtlp) t.SetSampler(new AlwaysOffSampler());
            });
        if (builder.Configuration.GetValue("Telemetry:Metrics", true))
        {
            otel.WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(Meters)
                .AddPrometheusExporter());
            var services = builder.Services;
            services.AddSingleton<PlatformMetrics>();
            services.AddSingleton<CommittedEvents>();
            services.AddSingleton<HubConnections>();
            services.Configure<HubOptions>(o => o.AddFilter<HubConnections>());
            services.Configure<OpenApiOptions>("v1", o => o.AddDocumentTransformer((document, _, _) =>
            {
                DescribeMetrics(document);
                return Task.CompletedTask;
            }));
        }
        if (exportOtlp) otel.UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> in the Prometheus text format, for loopback callers (a scraper beside the
    /// node) and the admin; anyone else gets the 404 of a route that does not exist.
    /// </summary>
    public static void MapJobFairMetrics(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<PlatformMetrics>() is null) return;
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: scrape => scrape.Use(
            async (http, next) =>
            {
                if (MayScrape(http)) await next(http);
                else http.Response.StatusCode = StatusCodes.Status404NotFound;
            }), optionsName: null);
    }

    /// <summary>
    /// The address is the one UseForwardedHeaders settled on: behind the proxy (a loopback peer,
    /// trusted by default) it is the client named in X-Forwarded-For, so a proxied outsider is not
    /// taken for a local scraper. A proxy in front must therefore always set X-Forwarded-For.
    /// </summary>
    internal static bool MayScrape(HttpContext http) =>
        (http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address))
        || http.User.IsInRole(Roles.Admin);

    private static bool IsScrapeOrProbe(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/health");

    /// <summary>The scrape endpoint is no minimal API, so the document learns of it here.</summary>
    private static void DescribeMetrics(OpenApiDocument document)
    {
        document.Paths ??= [];
        document.Paths[MetricsPath] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = "Metrics",
                    Summary = "Metrics in the Prometheus text format (docs/operations.md lists them).",
                    Description = "Answers callers on the loopback interface (behind a proxy: the client in X-Forwarded-For) and the admin " +
                                  "(bearer token or cookie); anyone else gets 404, as if the route did not exist.",
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse
                        {
                            Description = "The current metrics.",
                            Content = new Dictionary<string, OpenApiMediaType>
                            {
                                ["text/plain; version=0.0.4"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                            },
                        },
                        ["404"] = new OpenApiResponse { Description = "Not a loopback caller and not the admin (problem+json, code not_found)." },
                    },
                },
            },
        };
    }
}
