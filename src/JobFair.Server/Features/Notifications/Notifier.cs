using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Interviews.Rooms;
using MassTransit;
using S = JobFair.Server.Features.Applications.ApplicationStatus;

namespace JobFair.Server.Features.Notifications;

/// <summary>
/// Stores a notification for each user who should hear of an event later, and publishes
/// <see cref="NotificationCreated"/> in the same transaction so the live bridge pushes it.
/// Runs once per event on a shared queue (not on every node).
/// Who hears what: an employer's recruiters of each application received, of fair invitations and
/// of their participation decisions; a student of what the employer did with their application
/// (not of their own withdrawals and signatures); the centre staff of both host universities of each
/// participation request; both sides of a booked interview 15 minutes before it starts. Texts are Simplified Chinese (see <see cref="Notification"/>).
/// </summary>
public sealed class Notifier(JobFairDb db, LocalConsumers consumers, TimeProvider time) :
    IConsumer<ApplicationSubmitted>, IConsumer<ApplicationStatusChanged>, IConsumer<ParticipationRequested>,
    IConsumer<ParticipationDecided>, IConsumer<EmployerInvitedToFair>, IConsumer<InterviewStartingSoon>
{
    public Task Consume(ConsumeContext<ApplicationSubmitted> context) => Once(context, async ct =>
    {
        var e = context.Message;
        // The position's title and the employer's recruiters in one query (one round trip for every application).
        var recruiters = RecruitersOf(e.EmployerId);
        var position = await db.Positions.Where(p => p.Id == e.PositionId)
            .Select(p => new
            {
                p.Title,
                Recruiters = recruiters.ToList(),
            })
            .SingleAsync(ct);
        Notify(position.Recruiters, NotificationKinds.ApplicationReceived, "收到新简历",
            $"{e.StudentName}（{e.UniversityName} · {e.Major}）投递了「{position.Title}」。", $"/applications/{e.ApplicationId}");
    });

    public Task Consume(ConsumeContext<ApplicationStatusChanged> context) => Once(context, async ct =>
    {
        var e = context.Message;
        if (StatusText(e.From, e.To) is not { } text) return;
        var student = await db.Students.Where(s => s.Id == e.StudentId).Select(s => s.UserId).SingleOrDefaultAsync(ct);
        if (student is not { } userId) return;
        var position = await db.Positions.Where(p => p.Id == e.PositionId).Select(p => new { p.Title, p.EmployerName }).SingleAsync(ct);
        if (e.To == S.InterviewInvited)
        {
            var message = await db.ApplicationTransitions
                .Where(t => t.ApplicationId == e.ApplicationId && t.ToStatus == S.InterviewInvited)
                .OrderByDescending(t => t.At).Select(t => t.Note).FirstOrDefaultAsync(ct);
            Notify([userId], NotificationKinds.InterviewInvited, "面试邀请",
                $"{position.EmployerName} 邀请您参加「{position.Title}」的视频面试。" + (string.IsNullOrWhiteSpace(message) ? "" : $"留言：{message}"),
                $"/applications/{e.ApplicationId}");
            return;
        }
        Notify([userId], NotificationKinds.ApplicationStatus, "投递进展",
            $"您投递给 {position.EmployerName} 的「{position.Title}」{text}。", $"/applications/{e.ApplicationId}");
    });

    public Task Consume(ConsumeContext<ParticipationRequested> context) => Once(context, async ct =>
    {
        var e = context.Message;
        var fair = await db.Fairs.Where(f => f.Id == e.FairId)
            .Select(f => new { f.Title, f.Pair.SupportedId, f.Pair.SupportingId }).SingleAsync(ct);
        var staff = await InRoleAsync(Roles.Centre, u => u.UniversityId == fair.SupportedId || u.UniversityId == fair.SupportingId, ct);
        Notify(staff, NotificationKinds.ParticipationRequested, "新的参会申请",
            $"{e.EmployerName} 申请参加「{fair.Title}」，请审核。", $"/fairs/{e.FairId}/participations");
    });

    public Task Consume(ConsumeContext<ParticipationDecided> context) => Once(context, async ct =>
    {
        var e = context.Message;
        var fair = await FairTitleAsync(e.FairId, ct);
        var recruiters = await RecruitersAsync(e.EmployerId, ct);
        if (e.Status == ParticipationStatus.Approved)
        {
            Notify(recruiters, NotificationKinds.ParticipationDecided, "参会申请已通过",
                $"贵单位已获准参加「{fair}」，现在可以向该双选会发布岗位。", $"/fairs/{e.FairId}");
            return;
        }
        var reason = await db.Participations.Where(p => p.FairId == e.FairId && p.EmployerId == e.EmployerId)
            .Select(p => p.Reason).SingleOrDefaultAsync(ct);
        Notify(recruiters, NotificationKinds.ParticipationDecided, "参会申请未通过",
            $"「{fair}」的主办方未通过贵单位的参会申请。" + (string.IsNullOrWhiteSpace(reason) ? "" : $"原因：{reason}"), $"/fairs/{e.FairId}");
    });

    public Task Consume(ConsumeContext<EmployerInvitedToFair> context) => Once(context, async ct =>
    {
        var e = context.Message;
        var fair = await FairTitleAsync(e.FairId, ct);
        Notify(await RecruitersAsync(e.EmployerId, ct), NotificationKinds.FairInvitation, "参会邀请",
            $"「{fair}」的主办方邀请贵单位参会，接受邀请后即可发布岗位。", $"/fairs/{e.FairId}");
    });

    /// <summary>Both sides of an interview about to start, each with the room's link.</summary>
    public Task Consume(ConsumeContext<InterviewStartingSoon> context) => Once(context, _ =>
    {
        var e = context.Message;
        var minutes = Math.Max(1, (int)Math.Ceiling((e.StartsAt - _occurredAt).TotalMinutes));
        Notify([e.StudentUserId], NotificationKinds.InterviewReminder, "面试即将开始",
            $"您与 {e.EmployerName} 的「{e.Title}」视频面试将在 {minutes} 分钟后开始，面试间在开始前 10 分钟开放。", e.RoomUrl);
        Notify([e.RecruiterUserId], NotificationKinds.InterviewReminder, "面试即将开始",
            $"与 {e.StudentName} 的「{e.Title}」视频面试将在 {minutes} 分钟后开始，面试间在开始前 10 分钟开放。", e.RoomUrl);
        return Task.CompletedTask;
    });

    /// <summary>What the student reads for a change the employer made; null for the student's own moves.</summary>
    private static string? StatusText(string from, string to) => to switch
    {
        S.Viewed => "简历已被查看",
        S.Shortlisted => "已进入初选名单",
        S.InterviewInvited => "收到面试邀请",
        S.Offered => "收到录用意向",
        S.Rejected when from == S.Offered => "的录用意向已被撤回",
        S.Rejected => "未通过筛选",
        _ => null,
    };

    private DateTimeOffset _occurredAt;

    private Task<bool> Once<T>(ConsumeContext<T> context, Func<CancellationToken, Task> work) where T : class =>
        db.ProcessOnceAsync<Notifier>(consumers, context, async ct =>
        {
            // Dated when the change happened, not when it was consumed: events are consumed in
            // parallel, and a user's list must read in the order things happened to them. The dispatcher
            // says when in a header; a message published without it is looked up.
            _occurredAt = context.OccurredAt() ?? await db.OutboxMessages.Where(m => m.Id == context.MessageId)
                .Select(m => (DateTimeOffset?)m.OccurredAt).SingleOrDefaultAsync(ct) ?? time.GetUtcNow();
            await work(ct);
        }, time);

    private void Notify(IEnumerable<Guid> users, string kind, string title, string body, string link)
    {
        foreach (var user in users) db.Notify(time, user, kind, title, body, link, _occurredAt);
    }

    private Task<List<Guid>> RecruitersAsync(Guid employerId, CancellationToken ct) => RecruitersOf(employerId).ToListAsync(ct);

    private IQueryable<Guid> RecruitersOf(Guid employerId) => InRole(Roles.Recruiter, u => u.EmployerId == employerId);

    private Task<List<Guid>> InRoleAsync(string role, System.Linq.Expressions.Expression<Func<User, bool>> which, CancellationToken ct) =>
        InRole(role, which).ToListAsync(ct);

    /// <summary>The users of a role among those <paramref name="which"/> picks: a query, to run alone or inside another.</summary>
    private IQueryable<Guid> InRole(string role, System.Linq.Expressions.Expression<Func<User, bool>> which) =>
        db.Users.Where(which)
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)))
            .Select(u => u.Id);

    private Task<string> FairTitleAsync(Guid id, CancellationToken ct) =>
        db.Fairs.Where(f => f.Id == id).Select(f => f.Title).SingleAsync(ct);
}
