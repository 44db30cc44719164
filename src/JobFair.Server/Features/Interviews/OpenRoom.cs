using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews;

/// <summary>
/// The video room of a booking (its <c>roomUrl</c>): open to its two sides only, from 10 minutes
/// before the start to the end. The in-browser room itself comes later; this is its door.
/// </summary>
public sealed class OpenRoom(JobFairDb db, TimeProvider time) : IUseCase
{
    public sealed record Room(Guid BookingId, string Role, DateTimeOffset OpensAt, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
        string TimeZone, string PositionTitle, string Employer, string Student);

    public static readonly Refusal Cancelled = Bookings.NotActive.Saying("This interview was cancelled.");
    /// <summary>Its problem also carries <c>opensAt</c>, in the caller's zone.</summary>
    public static readonly Refusal NotOpenYet = Refusal.Conflict("room_not_open", "The room opens 10 minutes before the interview starts.");
    public static readonly Refusal Closed = Refusal.Conflict("room_closed", "The interview has ended; its room is closed.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/bookings/{id:guid}/room", (Guid id, CurrentUser caller, OpenRoom open, CancellationToken ct) =>
                open.RunAsync(caller, id, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(Bookings.NotFound, Cancelled, NotOpenYet, Closed)
            .WithSummary("Enter a booking's video room: its student and its employer's recruiters, from 10 minutes before the " +
                         "start to the end (409 room_not_open, room_closed; cancelled: booking_not_active).");

    public async Task<Outcome<Room>> RunAsync(CurrentUser caller, Guid id, CancellationToken ct)
    {
        var (booking, role) = await Bookings.FindAsync(id, caller, db, ct);
        if (booking is null) return Bookings.NotFound;
        if (booking.Status == BookingStatus.Cancelled) return Cancelled;
        var now = time.GetUtcNow();
        var view = await Bookings.LoadAsync(db, id, caller, ct);
        if (now < booking.StartsAt - Bookings.RoomOpensBefore) return NotOpenYet.With("opensAt", view.RoomOpensAt);
        if (now >= booking.EndsAt) return Closed;
        return new Room(id, role!, view.RoomOpensAt, view.StartsAt, view.EndsAt, view.TimeZone, view.PositionTitle,
            view.Employer.Name, view.Student.Name);
    }
}
