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
                report.Entries.ToDictionary(e => e.Key, e => new CheckReply(e.Value.Status.ToString(), e.Value.Description)));
            // Degraded (the broker is away: events wait in the outbox) still serves every request.
            return report.Status == HealthStatus.Unhealthy
                ? TypedResults.Json(reply, statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Ok(reply);
        })
        .Produces<HealthReply>(StatusCodes.Status503ServiceUnavailable)
        .WithSummary("Ready to serve: the database is reachable and every migration is applied (503 otherwise). " +
                     "Each part's status is listed: database, and bus (the message broker; while it is away the node still " +
                     "serves requests and its events wait in the outbox, so it reports Degraded, not Unhealthy).");
    }
}

/// <summary>Overall status, and each part's (Healthy, Degraded or Unhealthy) with what it found.</summary>
internal sealed record HealthReply(string Status, Dictionary<string, CheckReply>? Checks);

internal sealed record CheckReply(string Status, string? Description);
