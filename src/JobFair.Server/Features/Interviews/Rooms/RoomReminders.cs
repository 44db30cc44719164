namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>
/// Fifteen minutes before a booked interview starts, tells both sides (the student and the
/// recruiter who runs the slot) with the room's link: <see cref="InterviewStartingSoon"/>, which
/// the notifier stores and the live bridge pushes. Runs on every node; a reminder row per room and
/// start, claimed with INSERT ... ON CONFLICT DO NOTHING in the transaction that writes the event,
/// makes it once however many nodes look at the same moment. A booking moved to another time is
/// reminded again for its new start.
/// </summary>
public sealed partial class RoomReminders(IServiceScopeFactory scopes, TimeProvider time, ILogger<RoomReminders> log) : BackgroundService
{
    public static readonly TimeSpan Before = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            try
            {
                await RemindAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(e);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Reminds every booking starting within the next 15 minutes not yet reminded for its start; returns how many this call sent.</summary>
    public async Task<int> RemindAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        var now = time.GetUtcNow();
        var soon = now + Before;
        var due = await db.InterviewBookings
            .Where(b => b.Status == BookingStatus.Booked && b.StartsAt > now && b.StartsAt <= soon)
            .Where(b => !db.RoomReminders.Any(r => r.RoomId == b.Id && r.StartsAt == b.StartsAt))
            .OrderBy(b => b.StartsAt).Select(b => b.Id).ToListAsync(ct);
        var sent = 0;
        foreach (var roomId in due)
        {
            if (await RemindAsync(db, roomId, now, ct)) sent++;
            db.ChangeTracker.Clear();
        }
        return sent;
    }

    private async Task<bool> RemindAsync(JobFairDb db, Guid roomId, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await BookingRooms.FindAsync(db, roomId, ct) is not { CalledOff: false, StudentUserId: { } student } room) return false;
        // A node that gets here second waits for the first one's commit, then inserts nothing.
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO room_reminders (room_id, starts_at, sent_at) VALUES ({roomId}, {room.StartsAt}, {now})
            ON CONFLICT DO NOTHING
            """, ct);
        if (claimed == 0) return false;
        db.Publish(new InterviewStartingSoon(roomId, student, room.RecruiterUserId, room.Title, room.StudentName, room.EmployerName,
            room.StartsAt, OpenRoom.PageUrl(roomId)), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    [LoggerMessage(LogLevel.Warning, "Sending interview reminders failed; will retry")]
    private partial void LogFailed(Exception e);
}

/// <summary>A booked interview starts soon: both sides are reminded, with the room's link.</summary>
public sealed record InterviewStartingSoon(Guid RoomId, Guid StudentUserId, Guid RecruiterUserId, string Title, string StudentName,
    string EmployerName, DateTimeOffset StartsAt, string RoomUrl) : IDomainEvent;
