using System.Net;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Stats;
using Microsoft.AspNetCore.SignalR;

namespace JobFair.Server.Live;

/// <summary>
/// The yardstick of <c>deploy/bench.sh live-fanout</c>: SignalR's own fan-out on this node, with
/// nothing of ours in the way (no sign-in, no database, no outbox, no consumer). Its connections
/// join one group; <see cref="BareHubSetup.BroadcastAsync"/> sends that group a fair's figures as
/// <c>fairStats</c>, through the same client interface and JSON protocol as <see cref="LiveHub"/>.
/// What <c>/hubs/live</c> takes beyond this is what the event pipeline adds.
/// </summary>
public sealed class BareHub : Hub<ILiveClient>
{
    public const string Group = "bench";

    /// <summary>Joins the one group; a client that has its completion is in it (as with WatchFair).</summary>
    public Task Watch() => Groups.AddToGroupAsync(Context.ConnectionId, Group, Context.ConnectionAborted);
}

/// <summary>
/// Mapped only when the configuration says <c>Bench:BareHub=true</c>, which deploy/bench.sh sets
/// for its private server and nothing else does: a hub anyone may join and a route that makes the
/// server broadcast have no place in production. Even then the route serves loopback callers only.
/// </summary>
internal static partial class BareHubSetup
{
    public const string HubPath = "/hubs/bench";
    public const string BroadcastPath = "/bench/broadcast";

    private static readonly Refusal LoopbackOnly = Refusal.Forbidden("forbidden", "The bench broadcast serves this machine only.");

    public static void MapBareHub(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("Bench:BareHub")) return;
        LogMapped(app.Logger, HubPath, BroadcastPath);
        app.MapHub<BareHub>(HubPath);
        // Not part of the contract (the OpenAPI document describes what clients may rely on), and
        // absent unless a benchmark asks for it: left out of the document on purpose.
        app.MapPost(BroadcastPath, (Guid fairId, long version, HttpContext http, IHubContext<BareHub, ILiveClient> hub, JobFairDb db,
                TimeProvider time, CancellationToken ct) =>
                BroadcastAsync(fairId, version, http.Connection.RemoteIpAddress, hub, db, time, ct).ToNoContent())
            .ExcludeFromDescription();
    }

    /// <summary>
    /// Sends the fair's figures, as last counted, to the bench group, stamped <c>countedAt</c> with
    /// the time of sending and <c>version</c> with the caller's sequence number: the same shape and
    /// size as a real <c>fairStats</c>, timed from the same kind of field. Answers once SignalR has
    /// written it to every connection, as LiveBridge's send does.
    /// </summary>
    internal static async Task<Refusal?> BroadcastAsync(Guid fairId, long version, IPAddress? caller,
        IHubContext<BareHub, ILiveClient> hub, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        if (caller is null || !IPAddress.IsLoopback(caller)) return LoopbackOnly;
        if (!await db.Fairs.AnyAsync(f => f.Id == fairId, ct)) return FairAccess.NotFound;
        var figures = await GetFairStats.LoadAsync(db, fairId, ct);
        await hub.Clients.Group(BareHub.Group).FairStats(figures with { Version = version, CountedAt = time.GetUtcNow() });
        return null;
    }

    [LoggerMessage(LogLevel.Warning, "Bench:BareHub is on: {Hub} and {Broadcast} are mapped (benchmarks only, never in production)")]
    private static partial void LogMapped(ILogger log, string hub, string broadcast);
}
