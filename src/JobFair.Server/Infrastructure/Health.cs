using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JobFair.Server.Infrastructure;

/// <summary>Ready when the database answers and every embedded migration has been applied.</summary>
internal sealed class DatabaseReadyCheck(Migrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var pending = await migrator.PendingAsync(ct);
            return pending.Count == 0
                ? HealthCheckResult.Healthy("database reachable, migrations applied")
                : HealthCheckResult.Unhealthy($"migrations pending: {string.Join(", ", pending)}");
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", e);
        }
    }
}

internal static class Health
{
    public static IServiceCollection AddJobFairHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return services;
    }

    public static void MapJobFairHealth(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        health.MapGet("/live", () => TypedResults.Ok(new HealthReply("Healthy", null)))
            .WithSummary("The process is up.");
        health.MapGet("/ready", async Task<Results<Ok<HealthReply>, JsonHttpResult<HealthReply>>> (
            HealthCheckService checks, CancellationToken ct) =>
        {
            var report = await checks.CheckHealthAsync(c => c.Tags.Contains("ready"), ct);
            var reply = new HealthReply(report.Status.ToString(),
                report.Entries.ToDictionary(e => e.Key, e => e.Value.Description ?? e.Value.Status.ToString()));
            return report.Status == HealthStatus.Healthy
                ? TypedResults.Ok(reply)
                : TypedResults.Json(reply, statusCode: StatusCodes.Status503ServiceUnavailable);
        })
        .Produces<HealthReply>(StatusCodes.Status503ServiceUnavailable)
        .WithSummary("Ready to serve: the database is reachable and every migration is applied.");
    }
}

internal sealed record HealthReply(string Status, Dictionary<string, string>? Checks);
