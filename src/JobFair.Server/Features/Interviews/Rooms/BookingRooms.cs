namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>
/// A booked interview's room (its id is the booking id): open from 10 minutes before the start
/// until the slot's end, or its extension. The recruiter who runs the slot speaks for the employer.
/// </summary>
internal static class BookingRooms
{
    /// <summary>What one press of the recruiter's extend button adds.</summary>
    public static readonly TimeSpan Extension = TimeSpan.FromMinutes(5);

    /// <summary>However free the recruiter's calendar, an interview runs over by at most this much.</summary>
    public static readonly TimeSpan MostOverrun = TimeSpan.FromMinutes(30);

    public static readonly Refusal NextSlotTooClose = Refusal.Conflict("next_slot_too_close",
        "Your next interview slot starts too soon to give this one 5 more minutes.");
    public static readonly Refusal OverrunLimit = Refusal.Conflict("extension_limit",
        "An interview runs over by at most 30 minutes.");

    public static async Task<RoomFacts?> FindAsync(JobFairDb db, Guid roomId, CancellationToken ct)
    {
        var row = await (
                from b in db.InterviewBookings
                where b.Id == roomId
                join slot in db.InterviewSlots on b.SlotId equals slot.Id
                join s in db.Students on b.StudentId equals s.Id
                join p in db.Positions on b.PositionId equals p.Id
                select new
                {
                    b.Id, b.StudentId, StudentUserId = s.UserId, b.EmployerId, slot.RecruiterId, b.StartsAt, b.EndsAt, slot.ExtendedTo,
                    b.Status, p.Title, StudentName = s.Name, p.EmployerName,
                })
            .AsNoTracking().SingleOrDefaultAsync(ct);
        if (row is null) return null;
        var closesAt = ClosesAt(row.EndsAt, row.ExtendedTo);
        return new RoomFacts(row.Id, RoomKinds.Booking, row.StudentId, row.StudentUserId, row.EmployerId, row.RecruiterId,
            row.StartsAt - Bookings.RoomOpensBefore, row.StartsAt, row.EndsAt, closesAt, row.Status == BookingStatus.Cancelled,
            row.Title, row.StudentName, row.EmployerName);
    }

    /// <summary>A booking's room closes at its end, or later when its slot was extended.</summary>
    public static DateTimeOffset ClosesAt(DateTimeOffset endsAt, DateTimeOffset? extendedTo) =>
        extendedTo is { } extended && extended > endsAt ? extended : endsAt;

    /// <summary>
    /// Runs the room's slot 5 minutes longer, unless that reaches into the recruiter's next slot:
    /// the recruiter's no-overlap constraint counts extensions (0012), so PostgreSQL decides, and a
    /// slot published into the gap at the same moment meets the same constraint. Every room of the
    /// slot closes later (a group slot's rooms share the recruiter's time). Returns the new close.
    /// </summary>
    public static async Task<Outcome<DateTimeOffset>> ExtendAsync(JobFairDb db, TimeProvider time, Guid roomId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var slotId = await db.InterviewBookings.Where(b => b.Id == roomId).Select(b => b.SlotId).SingleAsync(ct);
        List<DateTimeOffset> extended;
        try
        {
            extended = await db.Database.SqlQuery<DateTimeOffset>($"""
                UPDATE interview_slots SET extended_to = coalesce(extended_to, ends_at) + {Extension}
                WHERE id = {slotId} AND coalesce(extended_to, ends_at) + {Extension} <= ends_at + {MostOverrun}
                RETURNING extended_to AS "Value"
                """).ToListAsync(ct);
        }
        catch (Exception e) when (e.IsExclusionViolation(InterviewSlotConfiguration.RecruiterOverlap))
        {
            return NextSlotTooClose;
        }
        if (extended is not [var closesAt]) return OverrunLimit;

        var rooms = await db.InterviewBookings.Where(b => b.SlotId == slotId && b.Status != BookingStatus.Cancelled)
            .Select(b => b.Id).ToListAsync(ct);
        foreach (var room in rooms) db.Publish(new RoomExtended(room, closesAt), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return closesAt;
    }
}
