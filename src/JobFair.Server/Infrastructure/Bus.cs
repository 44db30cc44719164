using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JobFair.Server.Infrastructure;

internal static class Bus
{
    /// <summary>
    /// MassTransit over the in-memory transport (one node) or RabbitMQ (<c>JOBFAIR_BUS</c> is a
    /// rabbitmq:// URI). Request handlers never publish directly: they write to the outbox,
    /// and <see cref="OutboxDispatcher"/> publishes after commit.
    /// </summary>
    public static IServiceCollection AddJobFairBus(this IServiceCollection services, IConfiguration config)
    {
        var bus = config["JOBFAIR_BUS"] ?? "inmemory";
        var inMemory = bus == "inmemory";
        services.AddOptions<OutboxOptions>().BindConfiguration("Outbox")
            .Configure(o => o.ConfirmByLocalConsumers = inMemory);
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton<LocalConsumers>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxInterceptor>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        var endpoints = new BusEndpoints();
        services.AddSingleton(endpoints);
        var rabbit = bus.StartsWith("rabbitmq://", StringComparison.OrdinalIgnoreCase);
        if (rabbit)
        {
            services.AddOptions<RedriveOptions>().BindConfiguration("Bus:Redrive");
            services.AddSingleton<ErrorQueueRedriver>();
            services.AddHostedService(sp => sp.GetRequiredService<ErrorQueueRedriver>());
        }

        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            // MassTransit 8.4+ reports how it is configured to its makers' server unless told not to: a
            // platform holding students' data calls no third party, and its nodes may have no way out.
            x.ConfigureUsageTelemetryOptions(o => o.Enabled = false);
            // In /health/ready as "bus"; a broker that is away degrades the node, it does not take it out of service.
            x.ConfigureHealthCheckOptions(o =>
            {
                o.Name = "bus";
                o.MinimalFailureStatus = HealthStatus.Degraded;
            });
            x.AddConsumers(typeof(Bus).Assembly);
            x.AddConfigureEndpointsCallback((_, queue, endpoint) =>
            {
                // The consumer retry window: 5 more tries within about 6 seconds, for what passes by itself (a deadlock,
                // a dropped connection). Whatever fails longer lands in the endpoint's error queue, from which
                // ErrorQueueRedriver returns it later and again (RabbitMQ), or the outbox publishes it again (in memory).
                endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
                endpoints.Add(queue);
            });
            if (rabbit)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    // The dispatcher marks a row sent once Publish returns: with confirms, that means the broker has it.
                    cfg.Host(new Uri(bus), h => h.PublisherConfirmation = true);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else if (inMemory)
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
            else
            {
                throw new InvalidOperationException($"JOBFAIR_BUS must be 'inmemory' or a rabbitmq:// URI, not '{bus}'.");
            }
        });
        return services;
    }
}
