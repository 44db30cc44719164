using Microsoft.AspNetCore.SignalR;

namespace JobFair.Server.Infrastructure.Telemetry;

/// <summary>
/// Keeps <c>jobfair.live.connections</c> per hub: up when a connection has been accepted by the
/// hub, down when it ends (however it ends). SignalR's own <c>signalr.server.active_connections</c>
/// counts every connection of the process without saying which hub it belongs to.
/// </summary>
internal sealed class HubConnections(PlatformMetrics metrics) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        metrics.LiveConnections.Add(1, Hub(context));
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            metrics.LiveConnections.Add(-1, Hub(context));
        }
    }

    private static KeyValuePair<string, object?> Hub(HubLifetimeContext context) => new("hub", context.Hub.GetType().Name);
}
