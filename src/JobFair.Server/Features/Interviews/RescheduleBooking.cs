using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews;

/// <summary>
/// Either side moves a booking to another slot of the same position in one step: the student
/// holds exactly one booking throughout. The booking row is locked for the transaction, so a
/// cancel and a move, or two moves, of one booking take turns.
/// </summary>
public sealed class RescheduleBooking(JobFairDb db, TimeProvider time, IValidator<RescheduleBooking.Request> validator) : IUseCase
{
    public sealed record Request(Guid SlotId);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.SlotId).NotEmpty();
    }

    public static readonly Refusal OtherPosition =
        Refusal.Conflict("other_position", "A booking moves only to another slot of the same position.");

    private static readonly Refusal NotActive = Bookings.NotActive.Saying("Only an active booking can be moved.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/bookings/{id:guid}/reschedule", (Guid id, Request request, CurrentUser caller, RescheduleBooking reschedule, CancellationToken ct) =>
                reschedule.RunAsync(caller, id, request, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(Refusal.Invalid("slotId", "required"), Bookings.NotFound, NotActive, OtherPosition,
                Bookings.SlotFull, Bookings.SlotStarted, Bookings.StudentOverlap)
            .WithSummary("Move a booking to another slot of the same position in one step: the student holds exactly one " +
                         "booking throughout. Refusals as for booking (slot_full, slot_started, student_overlap).");

    public async Task<Outcome<BookingResponse>> RunAsync(CurrentUser caller, Guid id, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (await db.RetryAsync(() => TryMoveAsync(caller, id, request.SlotId, ct)) is { } refusal) return refusal;
        return await Bookings.LoadAsync(db, id, caller, time, ct);
    }

    private async Task<Refusal?> TryMoveAsync(CurrentUser caller, Guid id, Guid slotId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (booking, _) = await Bookings.FindAsync(id, caller, db, ct, forUpdate: true);
        if (booking is null) return Bookings.NotFound;
        if (booking.Status != BookingStatus.Booked) return NotActive;
        if (booking.SlotId == slotId) return null;
        var target = await db.InterviewSlots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == slotId, ct);
        if (target is null || target.PositionId != booking.PositionId) return OtherPosition;
        var now = time.GetUtcNow();

        // Both slots' rows in one order (by id), so two moves in opposite directions cannot deadlock.
        await db.Database.ExecuteSqlAsync(
            $"SELECT id FROM interview_slots WHERE id IN ({booking.SlotId}, {slotId}) ORDER BY id FOR UPDATE", ct);
        if (!await Bookings.TakeSeatAsync(db, slotId, ct)) return Bookings.SlotFull.Saying("Every seat in that slot is taken.");
        if (target.StartsAt <= now) return Bookings.SlotStarted.Saying("That slot has already started.");
        await Bookings.FreeSeatAsync(db, booking.SlotId, ct);
        await db.InterviewBookings.Where(b => b.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.SlotId, slotId)
            .SetProperty(b => b.StartsAt, target.StartsAt)
            .SetProperty(b => b.EndsAt, target.EndsAt)
            .SetProperty(b => b.Sequence, b => b.Sequence + 1)
            .SetProperty(b => b.UpdatedAt, now), ct);
        db.Publish(Bookings.Changed(booking, "rescheduled", BookingStatus.Booked, slotId: slotId, previousSlotId: booking.SlotId), time);
        await db.SaveChangesAsync(ct);
        try
        {
            // The student's calendar is checked at commit (a deferred exclusion constraint).
            await tx.CommitAsync(ct);
        }
        catch (Exception e) when (e.IsExclusionViolation(InterviewBookingConfiguration.StudentOverlap))
        {
            return Bookings.StudentOverlap.Saying("The student has another interview at an overlapping time.");
        }
        return null;
    }
}
