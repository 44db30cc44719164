using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>
/// A side comes into the open room on a hub connection: the visit is recorded (joined/left times
/// are the interview's record), the other side sees the presence live, and the joiner gets the room
/// (with fresh TURN credentials), whether the other side is there, and the chat so far (a re-join
/// after a dropped connection catches up from here, never from what it missed).
/// </summary>
public sealed class JoinRoom(JobFairDb db, TimeProvider time, OpenRoom open, ReadRoomChat chat) : IUseCase
{
    public sealed record Joined(OpenRoom.RoomAnswer Room, bool OtherPresent, IReadOnlyList<ChatLineResponse> Chat);

    /// <summary>
    /// <paramref name="listen"/> puts the connection where its side's signals arrive. It is called once
    /// the caller is let in and before the other side can learn they are here, so no offer made in
    /// answer to the presence is lost.
    /// </summary>
    public async Task<Outcome<Joined>> RunAsync(CurrentUser caller, Guid roomId, string connectionId, Func<string, Task> listen,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var entered = await RoomAccess.EnterAsync(db, caller, roomId, now, ct);
        if (entered.IsRefused(out var refusal)) return refusal;
        if (await RoomAccess.ReportJoinAsync(db, time, entered.Value, ct) is { } refused) return refused;
        if (entered.Value.Room.Kind != RoomKinds.Booking)
        {
            // Coming in may have changed the room (a booth talk starts and now closes later): the answer shows it as it is now.
            entered = await RoomAccess.EnterAsync(db, caller, roomId, now, ct);
            if (entered.IsRefused(out refusal)) return refusal;
        }
        var pass = entered.Value;
        await listen(pass.Side);
        // Joining twice on one connection is one stay.
        if (!await db.RoomVisits.AnyAsync(v => v.RoomId == roomId && v.ConnectionId == connectionId && v.LeftAt == null, ct))
        {
            db.RoomVisits.Add(new RoomVisit { RoomId = roomId, Side = pass.Side, UserId = pass.UserId, ConnectionId = connectionId, JoinedAt = now });
            db.Publish(new RoomPresenceChanged(roomId, pass.Side, true, now), time);
            await db.SaveChangesAsync(ct);
        }
        var zone = await caller.ZoneAsync(ct);
        return new Joined(open.Answer(pass, zone, now), await RoomPresence.IsPresentAsync(db, roomId, pass.OtherSide, ct),
            await chat.RecentAsync(pass, zone, ct));
    }
}

/// <summary>Who is in a room now: a side with an open visit.</summary>
internal static class RoomPresence
{
    public static Task<bool> IsPresentAsync(JobFairDb db, Guid roomId, string side, CancellationToken ct) =>
        db.RoomVisits.AnyAsync(v => v.RoomId == roomId && v.Side == side && v.LeftAt == null, ct);
}
