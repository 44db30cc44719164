using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Students;
using MassTransit;

namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>
/// Puts out of their rooms those who lost the right to be there while inside: every side of an
/// employer the operator suspends, the recruiters a transfer removes, the student whose claim a
/// centre releases. Every hub method already refuses them from then on (<see cref="RoomAccess"/>
/// reads the caller from the database); what remains is the call they are in. Their visits end
/// here, once, and <see cref="RoomEvicted"/> tells every node to drop their connections from the
/// room's groups and to end the call on their pages (<see cref="RoomBridge"/>).
/// </summary>
public sealed class RoomEvictions(JobFairDb db, LocalConsumers consumers, TimeProvider time) :
    IConsumer<EmployerStandingChanged>, IConsumer<EmployerTransferred>, IConsumer<ClaimReleased>
{
    /// <summary>A room is open at most about an hour (a slot, its extensions, a booth talk): older open visits are a crashed node's leftovers.</summary>
    private static readonly TimeSpan Recent = TimeSpan.FromHours(12);

    public const string EmployerSuspended = "room_employer_suspended";
    public const string AccessRemoved = "room_access_removed";

    /// <summary>A suspended employer holds no interview: both sides of each of its rooms are put out.</summary>
    public Task Consume(ConsumeContext<EmployerStandingChanged> context) => Once(context, ct =>
        context.Message.Suspended
            ? EvictAsync(room => room.EmployerId == context.Message.EmployerId, _ => true, EmployerSuspended, ct)
            : Task.CompletedTask);

    /// <summary>Recruiters the transfer took off the employer; the student stays and sees them leave.</summary>
    public Task Consume(ConsumeContext<EmployerTransferred> context) => Once(context, ct =>
    {
        var removed = context.Message.RemovedRecruiterIds.ToHashSet();
        return removed.Count == 0
            ? Task.CompletedTask
            : EvictAsync(room => room.EmployerId == context.Message.EmployerId,
                visit => visit.Side == RoomSide.Recruiter && removed.Contains(visit.UserId), AccessRemoved, ct);
    });

    /// <summary>The released account is no longer that student; the recruiter stays and sees them leave.</summary>
    public Task Consume(ConsumeContext<ClaimReleased> context) => Once(context, ct =>
        EvictAsync(_ => true, visit => visit.Side == RoomSide.Student && visit.UserId == context.Message.UserId, AccessRemoved, ct));

    private async Task EvictAsync(Func<RoomFacts, bool> roomMatches, Func<RoomVisit, bool> visitMatches, string reason, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var since = now - Recent;
        var open = await db.RoomVisits.AsNoTracking().Where(v => v.LeftAt == null && v.JoinedAt > since).ToListAsync(ct);
        foreach (var room in open.GroupBy(v => v.RoomId))
        {
            var visits = room.Where(visitMatches).ToList();
            if (visits.Count == 0 || await RoomAccess.FindAsync(db, room.Key, ct) is not { } facts || !roomMatches(facts)) continue;
            var ended = visits.Select(v => v.Id).ToList();
            await db.RoomVisits.Where(v => ended.Contains(v.Id) && v.LeftAt == null).ExecuteUpdateAsync(s => s.SetProperty(v => v.LeftAt, now), ct);
            db.Publish(new RoomEvicted(room.Key, visits.Select(v => v.ConnectionId).Distinct().ToList(), reason), time);
            foreach (var side in visits.Select(v => v.Side).Distinct())
                db.Publish(new RoomPresenceChanged(room.Key, side, false, now), time);
        }
    }

    private Task<bool> Once<T>(ConsumeContext<T> context, Func<CancellationToken, Task> work) where T : class =>
        db.ProcessOnceAsync<RoomEvictions>(consumers, context, work, time);
}

/// <summary>
/// Connections whose visits to a room were ended because their user lost the right to be there
/// (<paramref name="Reason"/>: <see cref="RoomEvictions.EmployerSuspended"/> or <see cref="RoomEvictions.AccessRemoved"/>).
/// </summary>
public sealed record RoomEvicted(Guid RoomId, IReadOnlyList<string> ConnectionIds, string Reason) : IDomainEvent;
