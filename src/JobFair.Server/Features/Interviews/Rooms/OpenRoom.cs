using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>
/// Entering a room: for its two sides while it is open, what their browser needs to start the
/// call (their side, the times, the page, and ICE servers with TURN credentials of their own).
/// The booking's <c>GET /api/bookings/{id}/room</c>, the room page and the hub's JoinRoom all come through here.
/// </summary>
public sealed class OpenRoom(JobFairDb db, TimeProvider time, TurnCredentials turn) : IUseCase
{
    /// <summary>
    /// TURN passwords outlast the room's close by this much, so a running call relayed through TURN
    /// is not cut at the original end when the recruiter extends it (a re-join fetches fresh ones anyway).
    /// </summary>
    public static readonly TimeSpan CredentialsOutlast = TimeSpan.FromMinutes(30);

    public sealed record RoomAnswer(Guid RoomId, string Kind, string Role, DateTimeOffset OpensAt, DateTimeOffset StartsAt,
        DateTimeOffset EndsAt, DateTimeOffset ClosesAt, string TimeZone, string PageUrl, IReadOnlyList<IceServer> IceServers,
        string Title, string Employer, string Student, bool CanExtend, DateTimeOffset Now);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/bookings/{id:guid}/room", (Guid id, CurrentUser caller, OpenRoom open, CancellationToken ct) =>
                open.RunAsync(caller, id, ct, RoomKinds.Booking).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(RoomAccess.NotFound, RoomAccess.CalledOff, RoomAccess.NotOpenYet, RoomAccess.Closed)
            .WithSummary("Enter a booking's video room: its student and its employer's recruiters, from 10 minutes before the " +
                         "start to the end plus any extension (409 room_not_open with opensAt, room_closed; cancelled: " +
                         "booking_not_active). iceServers carry STUN/TURN URLs and a TURN username/credential of the " +
                         "caller's own, valid for the room's window. The page to open is pageUrl.");

    public static string PageUrl(Guid roomId) => $"/rooms/{roomId}";

    /// <summary>The room as its caller enters it; <paramref name="kind"/> limits the kinds of room (the booking route: bookings).</summary>
    public async Task<Outcome<RoomAnswer>> RunAsync(CurrentUser caller, Guid roomId, CancellationToken ct, string? kind = null)
    {
        var now = time.GetUtcNow();
        var entered = await RoomAccess.EnterAsync(db, caller, roomId, now, ct, kind);
        if (entered.IsRefused(out var refusal)) return refusal;
        return Answer(entered.Value, await caller.ZoneAsync(ct), now);
    }

    internal RoomAnswer Answer(RoomPass pass, TimeZoneInfo zone, DateTimeOffset now)
    {
        var room = pass.Room;
        DateTimeOffset Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone);
        return new RoomAnswer(room.RoomId, room.Kind, pass.Side, Local(room.OpensAt), Local(room.StartsAt), Local(room.EndsAt),
            Local(room.ClosesAt), zone.Id, PageUrl(room.RoomId), turn.For(pass.UserId, room.ClosesAt + CredentialsOutlast),
            room.Title, room.EmployerName, room.StudentName, ExtendRoom.MayExtend(pass), Local(now));
    }
}
