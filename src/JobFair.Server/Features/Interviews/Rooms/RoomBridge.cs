using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.SignalR;

namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>
/// From committed room events to this node's room connections, on every node (its own endpoint,
/// as <see cref="Live.LiveBridge"/>): presence, chat and time reach both sides wherever they are
/// connected. What is pushed is read as it is now, so a late or repeated event never shows a stale state.
/// </summary>
public sealed class RoomBridge(IHubContext<RoomHub, IRoomClient> hub, JobFairDb db, LocalConsumers consumers, TimeProvider time) :
    IConsumer<RoomPresenceChanged>, IConsumer<RoomChatPosted>, IConsumer<RoomExtended>, IConsumer<RoomEvicted>, INodeLocalConsumer
{
    public Task Consume(ConsumeContext<RoomPresenceChanged> context) => Once(context, async ct =>
    {
        var e = context.Message;
        var present = await RoomPresence.IsPresentAsync(db, e.RoomId, e.Side, ct);
        await Both(e.RoomId).RoomPresence(new RoomPresencePayload(e.RoomId, e.Side, present));
    });

    public Task Consume(ConsumeContext<RoomChatPosted> context) => Once(context, _ =>
    {
        var e = context.Message;
        return Both(e.RoomId).RoomChat(new RoomChatPayload(e.RoomId, e.LineId, e.Side, e.Author, e.Text, e.SentAt));
    });

    public Task Consume(ConsumeContext<RoomExtended> context) => Once(context, async ct =>
    {
        var roomId = context.Message.RoomId;
        if (await RoomAccess.FindAsync(db, roomId, ct) is { } room) await Both(roomId).RoomTime(new RoomTimePayload(roomId, room.ClosesAt));
    });

    /// <summary>
    /// Those put out of the room (<see cref="RoomEvictions"/>): out of its groups, so that nothing of the
    /// room reaches them any more, and told why, so that their page ends the call. Connections on other
    /// nodes are not known here and are left to those nodes.
    /// </summary>
    public Task Consume(ConsumeContext<RoomEvicted> context) => Once(context, async ct =>
    {
        var e = context.Message;
        foreach (var connection in e.ConnectionIds)
        foreach (var group in new[] { RoomGroups.Side(e.RoomId, RoomSide.Student), RoomGroups.Side(e.RoomId, RoomSide.Recruiter), RoomGroups.Watchers(e.RoomId) })
            await hub.Groups.RemoveFromGroupAsync(connection, group, ct);
        await hub.Clients.Clients(e.ConnectionIds).RoomClosed(new RoomClosedPayload(e.RoomId, e.Reason));
    });

    /// <summary>Both sides, joined or still in the waiting room.</summary>
    private IRoomClient Both(Guid roomId) =>
        hub.Clients.Groups(RoomGroups.Side(roomId, RoomSide.Student), RoomGroups.Side(roomId, RoomSide.Recruiter), RoomGroups.Watchers(roomId));

    private Task<bool> Once<T>(ConsumeContext<T> context, Func<CancellationToken, Task> send) where T : class =>
        db.ProcessOnceAsync<RoomBridge>(consumers, context, send, time);
}

/// <summary>
/// Hands a signal to this node's connections of the side it is for. Signals are not stored, so
/// there is nothing to record; one at a time, so that an offer and its candidates arrive in the
/// order they were sent.
/// </summary>
public sealed class RoomSignalRelay(IHubContext<RoomHub, IRoomClient> hub) : IConsumer<RoomSignalled>, INodeLocalConsumer
{
    public Task Consume(ConsumeContext<RoomSignalled> context)
    {
        var e = context.Message;
        using var payload = JsonDocument.Parse(e.Payload);
        return hub.Clients.Group(RoomGroups.Side(e.RoomId, e.ToSide))
            .RoomSignal(new RoomSignalPayload(e.RoomId, e.FromSide, payload.RootElement.Clone()));
    }
}

/// <summary>Each node its own temporary endpoint for room events (see <see cref="Live.LiveBridgeDefinition"/>).</summary>
public sealed class RoomBridgeDefinition : ConsumerDefinition<RoomBridge>
{
    public RoomBridgeDefinition(NodeIdentity node) => Endpoint(e =>
    {
        e.InstanceId = node.Id;
        e.Temporary = true;
    });
}

/// <summary>Each node its own temporary endpoint for signals, consumed in order.</summary>
public sealed class RoomSignalRelayDefinition : ConsumerDefinition<RoomSignalRelay>
{
    public RoomSignalRelayDefinition(NodeIdentity node)
    {
        Endpoint(e =>
        {
            e.InstanceId = node.Id;
            e.Temporary = true;
        });
        ConcurrentMessageLimit = 1;
    }
}
