using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews;

/// <summary>A recruiter records how a started interview went: completed or no_show (counted for the student's centre).</summary>
public sealed class RecordOutcome(JobFairDb db, TimeProvider time, IValidator<RecordOutcome.Request> validator) : IUseCase
{
    public sealed record Request(string Outcome);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() =>
            RuleFor(r => r.Outcome).Must(o => o is BookingStatus.Completed or BookingStatus.NoShow)
                .WithMessage("outcome must be completed or no_show");
    }

    public static readonly Refusal NotStarted = Refusal.Conflict("not_started", "An interview's outcome is recorded once it has started.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/bookings/{id:guid}/outcome", (Guid id, Request request, CurrentUser caller, RecordOutcome record, CancellationToken ct) =>
                record.RunAsync(caller, id, request, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(Refusal.Invalid("outcome", "outcome must be completed or no_show"), Bookings.NotFound, NotStarted, Bookings.NotActive)
            .WithSummary("A recruiter records how a started interview went: completed or no_show (counted for the student's centre).");

    public async Task<Outcome<BookingResponse>> RunAsync(CurrentUser caller, Guid id, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var (booking, role) = await Bookings.FindAsync(id, caller, db, ct);
        if (booking is null || role != Roles.Recruiter) return Bookings.NotFound;
        var now = time.GetUtcNow();
        if (now < booking.StartsAt) return NotStarted;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Started as stored now, not as read above: a racing move to a later slot must not get an outcome.
            var changed = await db.InterviewBookings.Where(b => b.Id == id && b.Status == BookingStatus.Booked && b.StartsAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, request.Outcome).SetProperty(b => b.UpdatedAt, now), ct);
            if (changed == 0)
            {
                // Saying the same twice is harmless; changing a recorded outcome or a cancelled booking is not.
                var stored = await db.InterviewBookings.Where(b => b.Id == id).Select(b => new { b.Status, b.StartsAt }).SingleAsync(ct);
                if (stored.Status == BookingStatus.Booked && stored.StartsAt > now) return NotStarted;
                if (stored.Status != request.Outcome)
                    return Bookings.NotActive.Saying($"This booking is {stored.Status}; its outcome cannot change.");
            }
            else
            {
                db.Publish(Bookings.Changed(booking, request.Outcome, request.Outcome), time);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
        }
        return await Bookings.LoadAsync(db, id, caller, time, ct);
    }
}
