using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews;

/// <summary>
/// The student or a recruiter cancels a booking and its seat is free at once. The booking row is
/// locked for the transaction, so a cancel and a move of one booking take turns.
/// </summary>
public sealed class CancelBooking(JobFairDb db, TimeProvider time) : IUseCase
{
    public static readonly Refusal InterviewOver = Refusal.Conflict("interview_over", "This interview has ended.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/bookings/{id:guid}", (Guid id, CurrentUser caller, CancelBooking cancel, CancellationToken ct) =>
                cancel.RunAsync(caller, id, ct).ToNoContent())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(Bookings.NotFound, InterviewOver)
            .WithSummary("The student or a recruiter cancels a booking; the seat is free at once. Less than 2 hours before " +
                         "the start it is recorded as a late cancellation. Cancelling a cancelled booking changes nothing.");

    /// <summary>Null when the booking is cancelled, by this call or before it.</summary>
    public Task<Refusal?> RunAsync(CurrentUser caller, Guid id, CancellationToken ct) =>
        db.RetryAsync<Refusal?>(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var (booking, role) = await Bookings.FindAsync(id, caller, db, ct, forUpdate: true);
            if (booking is null) return Bookings.NotFound;
            if (booking.Status == BookingStatus.Cancelled) return null;
            if (booking.Status != BookingStatus.Booked) return InterviewOver.Saying("This interview has taken place; its outcome is recorded.");
            var now = time.GetUtcNow();
            if (now >= booking.EndsAt) return InterviewOver;
            await Bookings.CancelAsync(db, booking, role!, now, time, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        });
}
