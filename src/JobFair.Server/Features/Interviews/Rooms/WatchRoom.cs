using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>
/// A side looks into the open room without coming in: the waiting room of the page, which shows
/// live whether the other side is there, and the chat, before the side presses Join. Nothing is
/// recorded (a watcher is not present); the watching connection gets presence, chat and time, never signals.
/// </summary>
public sealed class WatchRoom(JobFairDb db, TimeProvider time) : IUseCase
{
    /// <summary>Also when the room now closes (in the caller's zone): the page's clock follows the server's.</summary>
    public sealed record Watching(string Side, bool OtherPresent, DateTimeOffset ClosesAt);

    /// <summary><paramref name="listen"/> puts the connection where the room's presence, chat and time arrive, before presence is read.</summary>
    public async Task<Outcome<Watching>> RunAsync(CurrentUser caller, Guid roomId, Func<Task> listen, CancellationToken ct)
    {
        var entered = await RoomAccess.EnterAsync(db, caller, roomId, time.GetUtcNow(), ct);
        if (entered.IsRefused(out var refusal)) return refusal;
        var pass = entered.Value;
        await listen();
        return new Watching(pass.Side, await RoomPresence.IsPresentAsync(db, roomId, pass.OtherSide, ct),
            TimeZoneInfo.ConvertTime(pass.Room.ClosesAt, await caller.ZoneAsync(ct)));
    }
}
