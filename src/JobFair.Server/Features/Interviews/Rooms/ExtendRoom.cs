using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>
/// The recruiter gives a running interview 5 more minutes, when their next slot allows it; both
/// sides are told the new close live (<c>roomTime</c>). The route and the hub's ExtendRoom come through here.
/// </summary>
public sealed class ExtendRoom(JobFairDb db, TimeProvider time) : IUseCase
{
    public sealed record Extended(Guid RoomId, DateTimeOffset ClosesAt);

    public static readonly Refusal RecruiterOnly = Refusal.Forbidden("recruiter_only", "Only the recruiter gives the interview more time.");
    public static readonly Refusal NotExtendable = Refusal.Conflict("not_extendable", "This kind of room cannot be given more time.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/bookings/{id:guid}/room/extension", (Guid id, CurrentUser caller, ExtendRoom extend, CancellationToken ct) =>
                extend.RunAsync(caller, id, ct, RoomKinds.Booking).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(RoomAccess.NotFound, RecruiterOnly, RoomAccess.CalledOff, RoomAccess.NotOpenYet, RoomAccess.Closed,
                BookingRooms.NextSlotTooClose, BookingRooms.OverrunLimit)
            .WithSummary("The recruiter runs an open interview room 5 minutes longer (at most 30 minutes in all). Refused with 409 " +
                         "next_slot_too_close when that would reach into the recruiter's next slot. Both sides get roomTime live.");

    /// <summary>Whether this side of this room may extend it (the page shows the button only then).</summary>
    public static bool MayExtend(RoomPass pass) => pass.Side == RoomSide.Recruiter && pass.Room.Kind == RoomKinds.Booking;

    public async Task<Outcome<Extended>> RunAsync(CurrentUser caller, Guid roomId, CancellationToken ct, string? kind = null)
    {
        var entered = await RoomAccess.EnterAsync(db, caller, roomId, time.GetUtcNow(), ct, kind);
        if (entered.IsRefused(out var refusal)) return refusal;
        var pass = entered.Value;
        if (pass.Side != RoomSide.Recruiter) return RecruiterOnly;
        if (!MayExtend(pass)) return NotExtendable;
        var extended = await db.RetryAsync(() => BookingRooms.ExtendAsync(db, time, roomId, ct));
        if (extended.IsRefused(out refusal)) return refusal;
        return new Extended(roomId, TimeZoneInfo.ConvertTime(extended.Value, await caller.ZoneAsync(ct)));
    }
}
