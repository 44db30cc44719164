using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews;

/// <summary>
/// After a booking: either side cancels it or moves it to another slot of the same position, and
/// the recruiter records how it went. Each works on the booking row locked for the transaction,
/// so a cancel and a move, or two moves, of one booking take turns.
/// </summary>
internal static class ChangeBooking
{
    public sealed record RescheduleRequest(Guid SlotId);
    public sealed record OutcomeRequest(string Outcome);

    internal sealed class RescheduleValidator : AbstractValidator<RescheduleRequest>
    {
        public RescheduleValidator() => RuleFor(r => r.SlotId).NotEmpty();
    }

    internal sealed class OutcomeValidator : AbstractValidator<OutcomeRequest>
    {
        public OutcomeValidator() =>
            RuleFor(r => r.Outcome).Must(o => o is BookingStatus.Completed or BookingStatus.NoShow)
                .WithMessage("outcome must be completed or no_show");
    }

    public static void Map(IEndpointRouteBuilder signedIn, IEndpointRouteBuilder recruiters)
    {
        signedIn.MapDelete("/api/bookings/{id:guid}", Cancel)
            .WithSummary("The student or a recruiter cancels a booking; the seat is free at once. Less than 2 hours before " +
                         "the start it is recorded as a late cancellation. Cancelling a cancelled booking changes nothing.");
        signedIn.MapPost("/api/bookings/{id:guid}/reschedule", Reschedule).Validate<RescheduleRequest>()
            .WithSummary("Move a booking to another slot of the same position in one step: the student holds exactly one " +
                         "booking throughout. Refusals as for booking (slot_full, slot_started, student_overlap).");
        recruiters.MapPost("/api/bookings/{id:guid}/outcome", Outcome).Validate<OutcomeRequest>()
            .WithSummary("A recruiter records how a started interview went: completed or no_show (counted for the student's centre).");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Cancel(
        Guid id, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        return await db.RetryAsync<Results<NoContent, ProblemHttpResult>>(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var (booking, role) = await Bookings.FindAsync(id, current, db, ct, forUpdate: true);
            if (booking is null) return Bookings.NotFound();
            if (booking.Status == BookingStatus.Cancelled) return TypedResults.NoContent();
            if (booking.Status != BookingStatus.Booked)
                return Problem.Conflict("interview_over", "This interview has taken place; its outcome is recorded.");
            var now = time.GetUtcNow();
            if (now >= booking.EndsAt) return Problem.Conflict("interview_over", "This interview has ended.");
            await Bookings.CancelAsync(db, booking, role!, now, time, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.NoContent();
        });
    }

    private static async Task<Results<Ok<Bookings.Response>, ProblemHttpResult>> Reschedule(
        Guid id, RescheduleRequest request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var refusal = await db.RetryAsync(() => TryMoveAsync(id, request.SlotId, current, db, time, ct));
        if (refusal is not null) return refusal;
        return TypedResults.Ok(await Bookings.LoadAsync(db, id, current, ct));
    }

    private static async Task<ProblemHttpResult?> TryMoveAsync(Guid id, Guid slotId, CurrentUser current, JobFairDb db,
        TimeProvider time, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (booking, _) = await Bookings.FindAsync(id, current, db, ct, forUpdate: true);
        if (booking is null) return Bookings.NotFound();
        if (booking.Status != BookingStatus.Booked)
            return Problem.Conflict("booking_not_active", "Only an active booking can be moved.");
        if (booking.SlotId == slotId) return null;
        var target = await db.InterviewSlots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == slotId, ct);
        if (target is null || target.PositionId != booking.PositionId)
            return Problem.Conflict("other_position", "A booking moves only to another slot of the same position.");
        var now = time.GetUtcNow();

        // Both slots' rows in one order (by id), so two moves in opposite directions cannot deadlock.
        await db.Database.ExecuteSqlAsync(
            $"SELECT id FROM interview_slots WHERE id IN ({booking.SlotId}, {slotId}) ORDER BY id FOR UPDATE", ct);
        var seated = await db.InterviewSlots.Where(s => s.Id == slotId && s.Booked < s.Capacity)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked + 1), ct);
        if (seated == 0) return Problem.Conflict("slot_full", "Every seat in that slot is taken.");
        if (target.StartsAt <= now) return Problem.Conflict("slot_started", "That slot has already started.");
        await db.InterviewSlots.Where(s => s.Id == booking.SlotId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked - 1), ct);
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
            await tx.CommitAsync(ct);
        }
        catch (Exception e) when (e.IsExclusionViolation("ex_interview_bookings_student_overlap"))
        {
            return Problem.Conflict("student_overlap", "The student has another interview at an overlapping time.");
        }
        return null;
    }

    private static async Task<Results<Ok<Bookings.Response>, ProblemHttpResult>> Outcome(
        Guid id, OutcomeRequest request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var (booking, role) = await Bookings.FindAsync(id, current, db, ct);
        if (booking is null || role != Roles.Recruiter) return Bookings.NotFound();
        var now = time.GetUtcNow();
        if (now < booking.StartsAt) return Problem.Conflict("not_started", "An interview's outcome is recorded once it has started.");
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Started as stored now, not as read above: a racing move to a later slot must not get an outcome.
            var changed = await db.InterviewBookings.Where(b => b.Id == id && b.Status == BookingStatus.Booked && b.StartsAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, request.Outcome).SetProperty(b => b.UpdatedAt, now), ct);
            if (changed == 0)
            {
                // Saying the same twice is harmless; changing a recorded outcome or a cancelled booking is not.
                var stored = await db.InterviewBookings.Where(b => b.Id == id).Select(b => new { b.Status, b.StartsAt }).SingleAsync(ct);
                if (stored.Status == BookingStatus.Booked && stored.StartsAt > now)
                    return Problem.Conflict("not_started", "An interview's outcome is recorded once it has started.");
                var status = stored.Status;
                if (status != request.Outcome)
                    return Problem.Conflict("booking_not_active", $"This booking is {status}; its outcome cannot change.");
            }
            else
            {
                db.Publish(Bookings.Changed(booking, request.Outcome, request.Outcome), time);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
        }
        return TypedResults.Ok(await Bookings.LoadAsync(db, id, current, ct));
    }
}
