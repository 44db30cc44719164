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
internal static class Book
{
    public sealed record Request(Guid ApplicationId);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.ApplicationId).NotEmpty();
    }

    public static void Map(IEndpointRouteBuilder students) =>
        students.MapPost("/api/slots/{id:guid}/bookings", Handle).Validate<Request>().Idempotent()
            .WithSummary("Book a seat in an interview slot for one of the caller's invited applications. Refusals, the first " +
                         "that applies: 403 not_invited, 409 already_booked, slot_full, slot_started, student_overlap.");

    private static async Task<Results<Created<Bookings.Response>, ProblemHttpResult>> Handle(
        Guid id, Request request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        if (await current.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent.ToProblem();
        var application = await db.Applications.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Id == request.ApplicationId && a.StudentId == studentId, ct);
        if (application is null) return Problem.NotFound("application");
        var slot = await db.InterviewSlots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (slot is null) return Problem.NotFound("slot");
        if (slot.PositionId != application.PositionId || application.Status != ApplicationStatus.InterviewInvited)
            return SlotQueries.NotInvited();

        var booking = new InterviewBooking
        {
            SlotId = slot.Id, ApplicationId = application.Id, StudentId = studentId, PositionId = slot.PositionId,
            EmployerId = slot.EmployerId, FairId = application.FairId, StartsAt = slot.StartsAt, EndsAt = slot.EndsAt,
        };
        var refusal = await db.RetryAsync(() => TryBookAsync(db, booking, time, ct));
        if (refusal is not null) return refusal;
        return TypedResults.Created($"/api/bookings/{booking.Id}", await Bookings.LoadAsync(db, booking.Id, current, ct));
    }

    private static async Task<ProblemHttpResult?> TryBookAsync(JobFairDb db, InterviewBooking b, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Still invited, and it stays so until this commits: a racing rejection waits for the booking,
        // then finds it and gives the seat back.
        var status = (await db.Database.SqlQuery<string>(
            $"SELECT status AS \"Value\" FROM applications WHERE id = {b.ApplicationId} FOR SHARE").ToListAsync(ct)).Single();
        if (status != ApplicationStatus.InterviewInvited) return SlotQueries.NotInvited();
        try
        {
            // 1. One booking per application: a unique index on the active booking.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO interview_bookings (id, slot_id, application_id, student_id, position_id, employer_id, fair_id,
                    starts_at, ends_at, status, late_cancel, sequence, created_at, updated_at)
                VALUES ({b.Id}, {b.SlotId}, {b.ApplicationId}, {b.StudentId}, {b.PositionId}, {b.EmployerId}, {b.FairId},
                    {b.StartsAt}, {b.EndsAt}, {BookingStatus.Booked}, false, 0, {now}, {now})
                """, ct);
        }
        catch (Npgsql.PostgresException e) when (e.IsUniqueViolation("ix_interview_bookings_one_per_application"))
        {
            return Problem.Conflict("already_booked", "This application already has an interview booked; reschedule it instead.");
        }

        // 2. A seat, taken only while one is free: racing bookings queue on the slot's row.
        var seated = await db.InterviewSlots.Where(s => s.Id == b.SlotId && s.Booked < s.Capacity)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked + 1), ct);
        if (seated == 0) return Problem.Conflict("slot_full", "Every seat in this slot is taken.");
        if (b.StartsAt <= now) return Problem.Conflict("slot_started", "This slot has already started.");

        db.Publish(Bookings.Changed(b, "booked", BookingStatus.Booked), time);
        await db.SaveChangesAsync(ct);
        try
        {
            // 3. No two overlapping bookings for one student, across all employers: checked at commit.
            await tx.CommitAsync(ct);
        }
        catch (Exception e) when (e.IsExclusionViolation("ex_interview_bookings_student_overlap"))
        {
            return Problem.Conflict("student_overlap", "You already have an interview booked at an overlapping time.");
        }
        return null;
    }
}
