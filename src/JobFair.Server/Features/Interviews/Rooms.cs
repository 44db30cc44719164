using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews;

/// <summary>
/// The video room of a booking (its <c>roomUrl</c>): open to its two sides only, from 10 minutes
/// before the start to the end. The in-browser room itself comes later; this is its door.
/// </summary>
internal static class Rooms
{
    public sealed record Room(Guid BookingId, string Role, DateTimeOffset OpensAt, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
        string TimeZone, string PositionTitle, string Employer, string Student);

    public static void Map(IEndpointRouteBuilder signedIn) =>
        signedIn.MapGet("/api/bookings/{id:guid}/room", Enter)
            .WithSummary("Enter a booking's video room: its student and its employer's recruiters, from 10 minutes before the " +
                         "start to the end (409 room_not_open, room_closed; cancelled: booking_not_active).");

    private static async Task<Results<Ok<Room>, ProblemHttpResult>> Enter(
        Guid id, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var (booking, role) = await Bookings.FindAsync(id, current, db, ct);
        if (booking is null) return Bookings.NotFound();
        if (booking.Status == BookingStatus.Cancelled)
            return Problem.Conflict("booking_not_active", "This interview was cancelled.");
        var now = time.GetUtcNow();
        var view = await Bookings.LoadAsync(db, id, current, ct);
        if (now < booking.StartsAt - Bookings.RoomOpensBefore)
        {
            var refusal = Problem.Conflict("room_not_open", "The room opens 10 minutes before the interview starts.");
            refusal.ProblemDetails.Extensions["opensAt"] = view.RoomOpensAt;
            return refusal;
        }
        if (now >= booking.EndsAt) return Problem.Conflict("room_closed", "The interview has ended; its room is closed.");
        return TypedResults.Ok(new Room(id, role!, view.RoomOpensAt, view.StartsAt, view.EndsAt, view.TimeZone, view.PositionTitle,
            view.Employer.Name, view.Student.Name));
    }
}
