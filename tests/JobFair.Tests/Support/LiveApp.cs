using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Support;

/// <summary>
/// The server on Kestrel at a loopback port (not the in-memory test server), so that hub
/// clients connect over real WebSockets. Everything else is as <see cref="JobFairApp"/>.
/// </summary>
public class LiveApp : JobFairApp
{
    public LiveApp() => UseKestrel(0);

    /// <summary>Another node on an existing database.</summary>
    protected LiveApp(string connectionString) : base(connectionString) => UseKestrel(0);

    /// <summary>Where the server listens (known once it has started).</summary>
    public Uri Address
    {
        get
        {
            using var client = CreateClient();
            return client.BaseAddress!;
        }
    }
}

public static class LiveWorld
{
    /// <summary>A hub connection as this caller (bearer token in <c>?access_token=</c>), or as nobody.</summary>
    public static Task<HubClient> HubAsync(this LiveApp app, Api? caller = null) =>
        HubClient.ConnectAsync(app.Address, caller?.AccessToken);

    /// <summary>A connection to the video rooms' hub, <c>/hubs/rooms</c>.</summary>
    public static Task<HubClient> RoomHubAsync(this LiveApp app, Api? caller = null) =>
        HubClient.ConnectAsync(app.Address, caller?.AccessToken, hubPath: JobFair.Server.Features.Interviews.Rooms.RoomHub.Path);

    /// <summary>
    /// Waits until every committed event has been processed by every consumer (the dispatcher
    /// marks an outbox row sent only then), including the notifications those consumers wrote.
    /// After this, whatever the consumers sent to a connection is on its way: a
    /// <see cref="HubClient.BarrierAsync"/> then proves it arrived, or that nothing did.
    /// </summary>
    public static Task AllEventsDeliveredAsync(this JobFairApp app) =>
        Eventually.True(() => app.WithDb(db => db.OutboxMessages.AllAsync(m => m.SentAt != null)), "every outbox event delivered");

    /// <summary>The same caller (same tokens) talking to another node.</summary>
    public static Api On(this Api api, JobFairApp node)
    {
        var moved = new Api(node.CreateClient()) { Email = api.Email };
        moved.UseTokens(new System.Text.Json.Nodes.JsonObject { ["accessToken"] = api.AccessToken, ["refreshToken"] = api.RefreshToken });
        return moved;
    }

    public static async Task<bool> NothingArrivedAsync(this HubClient client, string target, Func<System.Text.Json.Nodes.JsonNode, bool>? match = null)
    {
        await client.BarrierAsync();
        return !client.Received(target).Any(e => match?.Invoke(e) ?? true);
    }
}
