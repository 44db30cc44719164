using System.Text.Json;
using JobFair.Server.Features.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>
/// <c>/hubs/rooms</c>: signalling and chat of the video rooms. Anyone may connect (cookie,
/// <c>?access_token=</c> or nobody), but every method is for the room's two sides only, by
/// <see cref="RoomAccess"/> through the use cases; anyone else gets a hub error whose message starts
/// with a stable code (<c>not_found: ...</c>, <c>unauthenticated: ...</c>, <c>room_closed: ...</c>).
/// A joined connection is in its side's group of the room: signals go to the other side's group only,
/// presence, chat and time to both. Groups span nodes through the bus (<see cref="RoomBridge"/>, <see cref="RoomSignalRelay"/>).
/// </summary>
public sealed class RoomHub(JobFairDb db, WatchRoom watch, JoinRoom join, LeaveRoom leave, RelaySignal relay, PostChatLine post,
    ExtendRoom extend)
    : Hub<IRoomClient>
{
    public const string Path = "/hubs/rooms";

    private static readonly Refusal SignIn = Refusal.Unauthenticated("Sign in to enter a room.");

    /// <summary>Looks into the open room before joining (the waiting room): presence, chat and time arrive, signals do not.</summary>
    public async Task<WatchRoom.Watching> WatchRoom(Guid roomId)
    {
        var watching = await watch.RunAsync(SignedIn(), roomId,
            () => Groups.AddToGroupAsync(Context.ConnectionId, RoomGroups.Watchers(roomId), Context.ConnectionAborted),
            Context.ConnectionAborted);
        return watching.IsRefused(out var refusal) ? throw Refused(refusal) : watching.Value;
    }

    /// <summary>Comes into the room: the room (with ICE servers), whether the other side is there, the chat so far.</summary>
    public async Task<JoinRoom.Joined> JoinRoom(Guid roomId)
    {
        var joined = await join.RunAsync(SignedIn(), roomId, Context.ConnectionId,
            side => Groups.AddToGroupAsync(Context.ConnectionId, RoomGroups.Side(roomId, side), Context.ConnectionAborted),
            Context.ConnectionAborted);
        if (joined.IsRefused(out var refusal)) throw Refused(refusal);
        // A joined side hears the room through its side's group: once, not also as a watcher.
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, RoomGroups.Watchers(roomId), Context.ConnectionAborted);
        return joined.Value;
    }

    public async Task LeaveRoom(Guid roomId)
    {
        await leave.RunAsync(roomId, Context.ConnectionId, Context.ConnectionAborted);
        foreach (var side in new[] { RoomSide.Student, RoomSide.Recruiter })
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, RoomGroups.Side(roomId, side));
    }

    /// <summary>An offer, answer, ICE candidate or request for a fresh offer (<c>{type, ...}</c>) for the other side only.</summary>
    public async Task Signal(Guid roomId, JsonElement payload)
    {
        if (await relay.RunAsync(SignedIn(), roomId, payload, Context.ConnectionAborted) is { } refusal) throw Refused(refusal);
    }

    public async Task<ChatLineResponse> Chat(Guid roomId, string text)
    {
        var line = await post.RunAsync(SignedIn(), roomId, new PostChatLine.Request(text), Context.ConnectionAborted);
        return line.IsRefused(out var refusal) ? throw Refused(refusal) : line.Value;
    }

    /// <summary>The recruiter's 5 more minutes; both sides then get <c>roomTime</c>.</summary>
    public async Task<ExtendRoom.Extended> ExtendRoom(Guid roomId)
    {
        var extended = await extend.RunAsync(SignedIn(), roomId, Context.ConnectionAborted);
        return extended.IsRefused(out var refusal) ? throw Refused(refusal) : extended.Value;
    }

    /// <summary>A connection that ends (closed, or lost beyond the client's reconnect) leaves every room it was in.</summary>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await leave.DisconnectedAsync(Context.ConnectionId, CancellationToken.None);
        await base.OnDisconnectedAsync(exception);
    }

    private CurrentUser SignedIn()
    {
        var caller = CurrentUser.For(Context.User, db);
        return caller.Id is null ? throw Refused(SignIn) : caller;
    }

    private static HubException Refused(Refusal refusal) => new($"{refusal.Code}: {refusal.Message}");
}

/// <summary>The room hub's groups: one per side of a room, and its watchers.</summary>
public static class RoomGroups
{
    public static string Side(Guid roomId, string side) => $"room:{roomId}:{side}";

    /// <summary>Connections of either side looking into the room before joining (<see cref="WatchRoom"/>).</summary>
    public static string Watchers(Guid roomId) => $"room:{roomId}:watchers";
}

/// <summary>What the room hub sends, named on the wire as given.</summary>
public interface IRoomClient
{
    /// <summary>To both sides: whether <c>side</c> is in the room now.</summary>
    [HubMethodName("roomPresence")] Task RoomPresence(RoomPresencePayload payload);

    /// <summary>To the other side only: an offer, answer or ICE candidate as its sender sent it.</summary>
    [HubMethodName("roomSignal")] Task RoomSignal(RoomSignalPayload payload);

    /// <summary>To both sides: a new chat line.</summary>
    [HubMethodName("roomChat")] Task RoomChat(RoomChatPayload payload);

    /// <summary>To both sides: the room now closes at <c>closesAt</c> (the recruiter extended it).</summary>
    [HubMethodName("roomTime")] Task RoomTime(RoomTimePayload payload);

    /// <summary>To a connection put out of the room (its user lost the right to be there): the call ends, <c>reason</c> says why.</summary>
    [HubMethodName("roomClosed")] Task RoomClosed(RoomClosedPayload payload);
}

public sealed record RoomPresencePayload(Guid RoomId, string Side, bool Present);

public sealed record RoomSignalPayload(Guid RoomId, string From, JsonElement Payload);

public sealed record RoomChatPayload(Guid RoomId, Guid Id, string Side, string Author, string Text, DateTimeOffset SentAt);

public sealed record RoomTimePayload(Guid RoomId, DateTimeOffset ClosesAt);

public sealed record RoomClosedPayload(Guid RoomId, string Reason);
