namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>
/// A side leaves the room (the page's leave button), or its hub connection ends (closed, or lost
/// and not back in time): its visits on that connection end and the other side sees it live.
/// Keyed by the connection, which only its own hub knows, so nobody ends another's stay.
/// </summary>
public sealed class LeaveRoom(JobFairDb db, TimeProvider time) : IUseCase
{
    /// <summary>
    /// Leaves one room (the page's Leave button); leaving a room the connection is not in changes
    /// nothing. The room's kind hears of it (<see cref="RoomAccess.ReportLeaveAsync"/>).
    /// </summary>
    public async Task RunAsync(Guid roomId, string connectionId, CancellationToken ct)
    {
        foreach (var userId in await EndVisitsAsync(connectionId, roomId, ct))
            await RoomAccess.ReportLeaveAsync(db, time, roomId, userId, ct);
    }

    /// <summary>The connection is gone: every room it was in. The room goes on: the side may come back.</summary>
    public Task DisconnectedAsync(string connectionId, CancellationToken ct) => EndVisitsAsync(connectionId, null, ct);

    /// <summary>Ends the connection's open visits; returns the users whose visits ended.</summary>
    private async Task<List<Guid>> EndVisitsAsync(string connectionId, Guid? roomId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ended = await (roomId is { } room
            ? db.RoomVisits.FromSql($"""
                UPDATE room_visits SET left_at = {now} WHERE connection_id = {connectionId} AND left_at IS NULL AND room_id = {room}
                RETURNING *
                """)
            : db.RoomVisits.FromSql($"""
                UPDATE room_visits SET left_at = {now} WHERE connection_id = {connectionId} AND left_at IS NULL
                RETURNING *
                """)).AsNoTracking().ToListAsync(ct);
        if (ended.Count == 0) return [];
        foreach (var (left, side) in ended.Select(v => (v.RoomId, v.Side)).Distinct())
            db.Publish(new RoomPresenceChanged(left, side, false, now), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ended.Select(v => v.UserId).Distinct().ToList();
    }
}
