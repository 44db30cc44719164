using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Interviews;

/// <summary>
/// An invited student takes a seat in a slot. Hundreds may rush for the same seats, so nothing
/// here reads first and decides after: the booking row, the seat counter and the student's
/// calendar are each guarded by PostgreSQL (see 0006_interviews.sql), and the refusals come out
/// in the contract's order: not_invited, already_booked, slot_full, student_overlap.
/// </summary>
public sealed class BookSlot(JobFairDb db, TimeProvider time, IValidator<BookSlot.Request> validator) : IUseCase
{
    public sealed record Request(Guid ApplicationId);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.ApplicationId).NotEmpty();
    }

    public static readonly Refusal AlreadyBooked =
        Refusal.Conflict("already_booked", "This application already has an interview booked; reschedule it instead.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/slots/{id:guid}/bookings", (Guid id, Request request, CurrentUser caller, BookSlot book, CancellationToken ct) =>
                book.RunAsync(caller, id, request, ct).ToCreated(b => $"/api/bookings/{b.Id}"))
            .RequireAuthorization(Policies.Student)
            .Idempotent()
            .Refuses(Refusal.Invalid("applicationId", "required"), StudentCaller.NotStudent, Refusal.NotFound("application or slot"),
                SlotAccess.NotInvited, AlreadyBooked, Bookings.SlotFull, Bookings.SlotStarted, Bookings.StudentOverlap)
            .WithSummary("Book a seat in an interview slot for one of the caller's invited applications. Refusals, the first " +
                         "that applies: 403 not_invited, 409 already_booked, slot_full, slot_started, student_overlap.");

    public async Task<Outcome<BookingResponse>> RunAsync(CurrentUser caller, Guid slotId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (caller.Id is not { } userId) return StudentCaller.NotStudent;
        // The caller's student, the application and the slot in one query (a rush sends many bookings at once).
        var found = await db.Students.AsNoTracking().Where(s => s.UserId == userId)
            .Select(s => new
            {
                StudentId = s.Id,
                Application = db.Applications.Where(a => a.Id == request.ApplicationId && a.StudentId == s.Id)
                    .Select(a => new ChosenApplication(a.Id, a.PositionId, a.FairId, a.Status)).FirstOrDefault(),
                Slot = db.InterviewSlots.Where(x => x.Id == slotId)
                    .Select(x => new ChosenSlot(x.Id, x.PositionId, x.EmployerId, x.StartsAt, x.EndsAt)).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (found is null) return StudentCaller.NotStudent;
        var (studentId, application, slot) = (found.StudentId, found.Application, found.Slot);
        if (application is null) return Refusal.NotFound("application");
        if (slot is null) return Refusal.NotFound("slot");
        if (slot.PositionId != application.PositionId || application.Status != ApplicationStatus.InterviewInvited)
            return SlotAccess.NotInvited;

        var booking = new InterviewBooking
        {
            SlotId = slot.Id, ApplicationId = application.Id, StudentId = studentId, PositionId = slot.PositionId,
            EmployerId = slot.EmployerId, FairId = application.FairId, StartsAt = slot.StartsAt, EndsAt = slot.EndsAt,
        };
        if (await db.RetryAsync(() => TryBookAsync(booking, ct)) is { } refusal) return refusal;
        return await Bookings.LoadAsync(db, booking.Id, caller, time, ct);
    }

    private sealed record ChosenApplication(Guid Id, Guid PositionId, Guid FairId, string Status);
    private sealed record ChosenSlot(Guid Id, Guid PositionId, Guid EmployerId, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

    private async Task<Refusal?> TryBookAsync(InterviewBooking b, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // Still invited, and it stays so until this commits (FOR SHARE): a racing rejection waits for the
            // booking, then finds it and gives the seat back. No row inserted: no longer invited.
            // 1. One booking per application: a unique index on the active booking.
            if (await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO interview_bookings (id, slot_id, application_id, student_id, position_id, employer_id, fair_id,
                        starts_at, ends_at, status, late_cancel, sequence, created_at, updated_at)
                    SELECT {b.Id}, {b.SlotId}, {b.ApplicationId}, {b.StudentId}, {b.PositionId}, {b.EmployerId}, {b.FairId},
                        {b.StartsAt}, {b.EndsAt}, {BookingStatus.Booked}, false, 0, {now}, {now}
                    FROM applications WHERE id = {b.ApplicationId} AND status = {ApplicationStatus.InterviewInvited}
                    FOR SHARE
                    """, ct) == 0)
                return SlotAccess.NotInvited;
        }
        catch (Npgsql.PostgresException e) when (e.IsUniqueViolation(InterviewBookingConfiguration.OnePerApplication))
        {
            return AlreadyBooked;
        }

        // 2. A seat, taken only while one is free.
        if (!await Bookings.TakeSeatAsync(db, b.SlotId, ct)) return Bookings.SlotFull;
        if (b.StartsAt <= now) return Bookings.SlotStarted;

        db.Publish(Bookings.Changed(b, "booked", BookingStatus.Booked), time);
        // Inside this transaction a failed save undoes the whole attempt: no savepoint of EF Core's own around it.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
        try
        {
            // 3. No two overlapping bookings for one student, across all employers: checked at commit.
            await tx.CommitAsync(ct);
        }
        catch (Exception e) when (e.IsExclusionViolation(InterviewBookingConfiguration.StudentOverlap))
        {
            return Bookings.StudentOverlap;
        }
        return null;
    }
}
