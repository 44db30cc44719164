using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Interviews.Rooms;

namespace JobFair.Server.Features.Interviews;

/// <summary>A booking as its two sides see it, times in the reader's zone.</summary>
public sealed record BookingResponse(Guid Id, Guid SlotId, Guid ApplicationId, Guid PositionId, string PositionTitle, Guid FairId,
    BookingResponse.EmployerRef Employer, BookingResponse.StudentRef Student, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string TimeZone, string Status, bool LateCancel, string? CancelledBy, int Sequence, string RoomUrl, DateTimeOffset RoomOpensAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset RoomClosesAt, BookingResponse.RoomAttendance Attendance,
    string? ProposedOutcome)
{
    public sealed record EmployerRef(Guid Id, string Name);
    public sealed record StudentRef(Guid Id, string Name, string University, string Major);

    /// <summary>
    /// When each side first came into the interview room and last left it (left: null while still
    /// there or never there). The record behind <see cref="ProposedOutcome"/>.
    /// </summary>
    public sealed record RoomAttendance(DateTimeOffset? StudentJoinedAt, DateTimeOffset? StudentLeftAt, DateTimeOffset? RecruiterJoinedAt,
        DateTimeOffset? RecruiterLeftAt);
}

/// <summary>
/// What the booking use cases share: who may see a booking (its student and its employer's
/// recruiters; anyone else gets a 404), how it reads, how a seat is taken and given back, and
/// the refusals of a seat that booking and rescheduling both give.
/// </summary>
internal static class Bookings
{
    public static readonly Refusal NotFound = Refusal.NotFound("booking");
    public static readonly Refusal NotActive = Refusal.Conflict("booking_not_active", "This booking is no longer active.");
    public static readonly Refusal SlotFull = Refusal.Conflict("slot_full", "Every seat in this slot is taken.");
    public static readonly Refusal SlotStarted = Refusal.Conflict("slot_started", "This slot has already started.");
    public static readonly Refusal StudentOverlap = Refusal.Conflict("student_overlap", "You already have an interview booked at an overlapping time.");

    /// <summary>A video room opens this long before its interview starts.</summary>
    public static readonly TimeSpan RoomOpensBefore = TimeSpan.FromMinutes(10);

    /// <summary>A student not in the room this long after the start, with the recruiter there, is proposed as a no-show.</summary>
    public static readonly TimeSpan NoShowAfter = TimeSpan.FromMinutes(10);

    /// <summary>The booking if the caller is its student or a recruiter of its employer, with the role they act in.</summary>
    public static async Task<(InterviewBooking? Booking, string? Role)> FindAsync(Guid id, CurrentUser caller, JobFairDb db,
        CancellationToken ct, bool forUpdate = false)
    {
        var query = forUpdate
            ? db.InterviewBookings.FromSql($"SELECT * FROM interview_bookings WHERE id = {id} FOR UPDATE")
            : db.InterviewBookings.Where(b => b.Id == id);
        var booking = await query.AsNoTracking().SingleOrDefaultAsync(ct);
        if (booking is null) return (null, null);
        // The room's two sides are the booking's: one rule for both.
        return await RoomAccess.SideAsync(caller, booking.StudentId, booking.EmployerId, ct) is { } role ? (booking, role) : (null, null);
    }

    /// <summary>The bookings with names and the room's record; <see cref="ForReader"/> completes each for its reader.</summary>
    public static IQueryable<BookingResponse> Project(JobFairDb db, IQueryable<InterviewBooking> bookings) =>
        from b in bookings
        join p in db.Positions on b.PositionId equals p.Id
        join s in db.Students on b.StudentId equals s.Id
        join u in db.Universities on s.UniversityId equals u.Id
        join slot in db.InterviewSlots on b.SlotId equals slot.Id
        select new BookingResponse(b.Id, b.SlotId, b.ApplicationId, b.PositionId, p.Title, b.FairId,
            new BookingResponse.EmployerRef(b.EmployerId, p.EmployerName), new BookingResponse.StudentRef(s.Id, s.Name, u.Name, s.Major),
            b.StartsAt, b.EndsAt, "", b.Status, b.LateCancel, b.CancelledBy, b.Sequence, "", b.StartsAt,
            b.CreatedAt, b.UpdatedAt, slot.ExtendedTo ?? b.EndsAt,
            new BookingResponse.RoomAttendance(
                db.RoomVisits.Where(v => v.RoomId == b.Id && v.Side == RoomSide.Student).Min(v => (DateTimeOffset?)v.JoinedAt),
                db.RoomVisits.Any(v => v.RoomId == b.Id && v.Side == RoomSide.Student && v.LeftAt == null)
                    ? null : db.RoomVisits.Where(v => v.RoomId == b.Id && v.Side == RoomSide.Student).Max(v => v.LeftAt),
                db.RoomVisits.Where(v => v.RoomId == b.Id && v.Side == RoomSide.Recruiter).Min(v => (DateTimeOffset?)v.JoinedAt),
                db.RoomVisits.Any(v => v.RoomId == b.Id && v.Side == RoomSide.Recruiter && v.LeftAt == null)
                    ? null : db.RoomVisits.Where(v => v.RoomId == b.Id && v.Side == RoomSide.Recruiter).Max(v => v.LeftAt)),
            null);

    /// <summary>
    /// Fills in what SQL does not compute: the room link, the outcome proposed to a recruiter, and
    /// every time in the reader's zone.
    /// </summary>
    public static BookingResponse ForReader(BookingResponse r, TimeZoneInfo zone, DateTimeOffset now, bool recruiter)
    {
        DateTimeOffset Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone);
        DateTimeOffset? LocalOrNull(DateTimeOffset? t) => t is { } at ? Local(at) : null;
        var attended = r.Attendance;
        return r with
        {
            StartsAt = Local(r.StartsAt),
            EndsAt = Local(r.EndsAt),
            RoomOpensAt = Local(r.StartsAt - RoomOpensBefore),
            RoomClosesAt = Local(BookingRooms.ClosesAt(r.EndsAt, r.RoomClosesAt)),
            CreatedAt = Local(r.CreatedAt),
            UpdatedAt = Local(r.UpdatedAt),
            TimeZone = zone.Id,
            RoomUrl = OpenRoom.PageUrl(r.Id),
            Attendance = new BookingResponse.RoomAttendance(LocalOrNull(attended.StudentJoinedAt), LocalOrNull(attended.StudentLeftAt),
                LocalOrNull(attended.RecruiterJoinedAt), LocalOrNull(attended.RecruiterLeftAt)),
            ProposedOutcome = recruiter ? Propose(r, now) : null,
        };
    }

    /// <summary>
    /// What the room's record suggests the recruiter records (POST /outcome), once the interview has
    /// started and while nothing is recorded: completed when the student came into the room;
    /// no_show when the recruiter was there and the student still had not come 10 minutes after
    /// the start; nothing otherwise (neither came, or it is too early to say).
    /// </summary>
    private static string? Propose(BookingResponse r, DateTimeOffset now)
    {
        if (r.Status != BookingStatus.Booked || now < r.StartsAt) return null;
        if (r.Attendance.StudentJoinedAt is not null) return BookingStatus.Completed;
        return r.Attendance.RecruiterJoinedAt is not null && now >= r.StartsAt + NoShowAfter ? BookingStatus.NoShow : null;
    }

    /// <summary>The booking as the caller reads it; only for a booking the caller may see.</summary>
    public static async Task<BookingResponse> LoadAsync(JobFairDb db, Guid id, CurrentUser caller, TimeProvider time, CancellationToken ct)
    {
        var row = await Project(db, db.InterviewBookings.Where(b => b.Id == id)).AsNoTracking().SingleAsync(ct);
        return ForReader(row, await caller.ZoneAsync(ct), time.GetUtcNow(), caller.IsIn(Roles.Recruiter));
    }

    /// <summary>
    /// Takes a seat only while one is free: racing bookings queue on the slot's row and the last
    /// free seat goes to one of them. False when the slot is full.
    /// </summary>
    public static async Task<bool> TakeSeatAsync(JobFairDb db, Guid slotId, CancellationToken ct) =>
        await db.InterviewSlots.Where(s => s.Id == slotId && s.Booked < s.Capacity)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked + 1), ct) == 1;

    public static Task FreeSeatAsync(JobFairDb db, Guid slotId, CancellationToken ct) =>
        db.InterviewSlots.Where(s => s.Id == slotId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Booked, x => x.Booked - 1), ct);

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
        await FreeSeatAsync(db, cancelled.SlotId, ct);
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
