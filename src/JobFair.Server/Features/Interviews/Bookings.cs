using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Interviews;

/// <summary>
/// What every booking route shares: who may see a booking (its student and its employer's
/// recruiters; anyone else gets a 404), how it reads, and how it is cancelled.
/// </summary>
internal static class Bookings
{
    public sealed record EmployerRef(Guid Id, string Name);
    public sealed record StudentRef(Guid Id, string Name, string University, string Major);

    /// <summary>A booking as its two sides see it, times in the reader's zone.</summary>
    public sealed record Response(Guid Id, Guid SlotId, Guid ApplicationId, Guid PositionId, string PositionTitle, Guid FairId,
        EmployerRef Employer, StudentRef Student, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone,
        string Status, bool LateCancel, string? CancelledBy, int Sequence, string RoomUrl, DateTimeOffset RoomOpensAt,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    /// <summary>A video room opens this long before its interview starts.</summary>
    public static readonly TimeSpan RoomOpensBefore = TimeSpan.FromMinutes(10);

    public static string RoomUrl(Guid bookingId) => $"/api/bookings/{bookingId}/room";

    /// <summary>The booking if the caller is its student or a recruiter of its employer, with the role they act in.</summary>
    public static async Task<(InterviewBooking?, string?)> FindAsync(Guid id, CurrentUser current, JobFairDb db,
        CancellationToken ct, bool forUpdate = false)
    {
        var query = forUpdate
            ? db.InterviewBookings.FromSql($"SELECT * FROM interview_bookings WHERE id = {id} FOR UPDATE")
            : db.InterviewBookings.Where(b => b.Id == id);
        var booking = await query.AsNoTracking().SingleOrDefaultAsync(ct);
        if (booking is null) return (null, null);
        if (current.IsIn(Roles.Recruiter) && await current.EmployerAsync(ct) == booking.EmployerId) return (booking, Roles.Recruiter);
        if (current.IsIn(Roles.Student) && await current.StudentIdAsync(ct) == booking.StudentId) return (booking, Roles.Student);
        return (null, null);
    }

    public static ProblemHttpResult NotFound() => Problem.NotFound("booking");

    public static IQueryable<Response> Project(JobFairDb db, IQueryable<InterviewBooking> bookings) =>
        from b in bookings
        join p in db.Positions on b.PositionId equals p.Id
        join s in db.Students on b.StudentId equals s.Id
        join u in db.Universities on s.UniversityId equals u.Id
        select new Response(b.Id, b.SlotId, b.ApplicationId, b.PositionId, p.Title, b.FairId,
            new EmployerRef(b.EmployerId, p.EmployerName), new StudentRef(s.Id, s.Name, u.Name, s.Major),
            b.StartsAt, b.EndsAt, "", b.Status, b.LateCancel, b.CancelledBy, b.Sequence, "", b.StartsAt,
            b.CreatedAt, b.UpdatedAt);

    /// <summary>Fills in what SQL does not compute: the room link and every time in the reader's zone.</summary>
    public static Response InZone(Response r, TimeZoneInfo zone) => r with
    {
        StartsAt = TimeZoneInfo.ConvertTime(r.StartsAt, zone),
        EndsAt = TimeZoneInfo.ConvertTime(r.EndsAt, zone),
        RoomOpensAt = TimeZoneInfo.ConvertTime(r.StartsAt - RoomOpensBefore, zone),
        CreatedAt = TimeZoneInfo.ConvertTime(r.CreatedAt, zone),
        UpdatedAt = TimeZoneInfo.ConvertTime(r.UpdatedAt, zone),
        TimeZone = zone.Id,
        RoomUrl = RoomUrl(r.Id),
    };

    public static async Task<Response> LoadAsync(JobFairDb db, Guid id, CurrentUser current, CancellationToken ct)
    {
        var row = await Project(db, db.InterviewBookings.Where(b => b.Id == id)).AsNoTracking().SingleAsync(ct);
        return InZone(row, await current.ZoneAsync(ct));
    }

    /// <summary>
    /// Cancels an active booking and frees its seat in the caller's transaction. Conditional on the
    /// booking still being active, so a racing cancel or move frees the seat once. Returns whether
    /// this call cancelled it.
    /// </summary>
    public static async Task<bool> CancelAsync(JobFairDb db, InterviewBooking booking, string byRole, DateTimeOffset now,
        TimeProvider time, CancellationToken ct)
    {
        // The row as it is when cancelled (a racing move may have changed its slot since it was read):
        // lateness and the seat to free come from RETURNING, not from the caller's copy.
        var cancelled = (await db.InterviewBookings.FromSql($"""
                UPDATE interview_bookings
                SET status = {BookingStatus.Cancelled}, late_cancel = starts_at - {now} < {BookingStatus.LateCancelWindow},
                    cancelled_by = {byRole}, sequence = sequence + 1, updated_at = {now}
                WHERE id = {booking.Id} AND status = {BookingStatus.Booked}
                RETURNING *
                """).AsNoTracking().ToListAsync(ct)).SingleOrDefault();
        if (cancelled is null) return false;
        await db.InterviewSlots.Where(s => s.Id == cancelled.SlotId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked - 1), ct);
        db.Publish(Changed(cancelled, "cancelled", BookingStatus.Cancelled, cancelled.LateCancel), time);
        return true;
    }

    /// <summary>
    /// An application that leaves the interview (rejected, withdrawn) gives up its seat: called in
    /// the transaction that changes the application.
    /// </summary>
    public static async Task CancelForApplicationAsync(JobFairDb db, Guid applicationId, string byRole, DateTimeOffset now,
        TimeProvider time, CancellationToken ct)
    {
        var active = await db.InterviewBookings.AsNoTracking()
            .Where(b => b.ApplicationId == applicationId && b.Status == BookingStatus.Booked).ToListAsync(ct);
        foreach (var booking in active) await CancelAsync(db, booking, byRole, now, time, ct);
    }

    public static BookingChanged Changed(InterviewBooking b, string change, string status, bool late = false,
        Guid? slotId = null, Guid? previousSlotId = null) =>
        new(b.Id, change, slotId ?? b.SlotId, previousSlotId, b.PositionId, b.EmployerId, b.FairId, b.StudentId, b.ApplicationId,
            status, late);
}
