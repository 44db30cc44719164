using JobFair.Server.Features.Notifications;

namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>
/// Nobody leaves a line silently: whenever an entry is called or ends without a talk, its student
/// gets a stored notification saying why and the live event (<see cref="StudentCalled"/>,
/// <see cref="StudentLeftLine"/>), written in the same transaction as the change. Texts are
/// Simplified Chinese, as every stored notification (see <see cref="Notification"/>).
/// </summary>
internal static class QueueNotices
{
    public const string CalledKind = "queue_called";
    public const string LeftKind = "queue_left";

    /// <summary>Tells the student of a called entry to come into the room.</summary>
    public static async Task CalledAsync(JobFairDb db, TimeProvider time, QueueEntry entry, CancellationToken ct)
    {
        var (users, employers) = await NamesAsync(db, [entry], ct);
        if (!users.TryGetValue(entry.StudentId, out var userId)) return;
        var seconds = (int)QueueLine.CallTimeout.TotalSeconds;
        db.Notify(time, userId, CalledKind, "轮到你了",
            $"「{employers[entry.EmployerId]}」展位叫到了你，请在 {seconds} 秒内进入面试房间。", BoothAccess.RoomUrl(entry.Id), time.GetUtcNow());
        db.Publish(new StudentCalled(entry.Id, entry.FairId, entry.EmployerId, userId, entry.CallExpiresAt!.Value), time);
    }

    /// <summary>Tells each student whose entry just ended (skipped or departed) why.</summary>
    public static async Task EndedAsync(JobFairDb db, TimeProvider time, IReadOnlyCollection<QueueEntry> ended, CancellationToken ct)
    {
        if (ended.Count == 0) return;
        var (users, employers) = await NamesAsync(db, ended, ct);
        var now = time.GetUtcNow();
        foreach (var entry in ended)
        {
            // A released claim has no account left to tell; the entry still ends.
            if (!users.TryGetValue(entry.StudentId, out var userId)) continue;
            var reason = entry.Reason ?? EndReason.Left;
            var employer = employers[entry.EmployerId];
            db.Notify(time, userId, LeftKind, Title(reason), Body(reason, employer), $"/fairs/{entry.FairId}", now);
            db.Publish(new StudentLeftLine(entry.Id, entry.FairId, entry.EmployerId, userId, reason), time);
        }
    }

    private static string Title(string reason) => reason switch
    {
        EndReason.Left => "已离开队伍",
        EndReason.Skipped or EndReason.CallExpired => "你已被跳过",
        EndReason.BoothClosed => "展位已停止排队",
        _ => "双选会已结束",
    };

    private static string Body(string reason, string employer) => reason switch
    {
        EndReason.Left => $"你已离开「{employer}」展位的队伍。",
        EndReason.Skipped => $"「{employer}」展位叫号后没有等到你，你已被跳过。如仍想面谈，可以重新排队。",
        EndReason.CallExpired =>
            $"「{employer}」展位叫号后 {(int)QueueLine.CallTimeout.TotalSeconds} 秒内你没有进入房间，你已被跳过。如仍想面谈，可以重新排队。",
        EndReason.BoothClosed => $"「{employer}」展位已关闭排队，你的排队已取消。",
        _ => $"双选会已结束，你在「{employer}」展位的排队已取消。",
    };

    private static async Task<(Dictionary<Guid, Guid> Users, Dictionary<Guid, string> Employers)> NamesAsync(JobFairDb db,
        IReadOnlyCollection<QueueEntry> entries, CancellationToken ct)
    {
        var studentIds = entries.Select(e => e.StudentId).Distinct().ToArray();
        var employerIds = entries.Select(e => e.EmployerId).Distinct().ToArray();
        var users = await db.Students.AsNoTracking().Where(s => studentIds.Contains(s.Id) && s.UserId != null)
            .ToDictionaryAsync(s => s.Id, s => s.UserId!.Value, ct);
        var employers = await db.Employers.AsNoTracking().Where(e => employerIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        return (users, employers);
    }
}
