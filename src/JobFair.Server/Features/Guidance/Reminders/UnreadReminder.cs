using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Notifications;
using JobFair.Server.Features.Notifications.Pages;
using Microsoft.Extensions.Localization;

namespace JobFair.Server.Features.Guidance.Reminders;

/// <summary>
/// Reminds employers of resumes left unread: every application still <c>submitted</c>
/// <see cref="Unread.RemindAfter"/> after delivery is counted in one reminder to each recruiter of
/// its employer (a stored notification, pushed live), once. The reminder rows are written in the
/// same transaction as the notifications and keyed by application, so however many nodes look at
/// the same moment, each application is reminded of by exactly one of them.
/// </summary>
internal sealed partial class UnreadReminder(IServiceScopeFactory scopes, TimeProvider time, IStringLocalizer<NotificationsText> t,
    ILogger<UnreadReminder> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(10);
    private const int BatchSize = 1000;

    private sealed record Due(Guid ApplicationId);

    private sealed record Unanswered(Guid EmployerId, string Title, DateTimeOffset CreatedAt);

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

    /// <summary>Sends the reminders now due; returns how many applications they covered.</summary>
    public async Task<int> RemindAsync(CancellationToken ct)
    {
        var reminded = 0;
        while (true)
        {
            var batch = await RemindBatchAsync(ct);
            reminded += batch;
            if (batch < BatchSize) return reminded;
        }
    }

    private async Task<int> RemindBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Another node inserting the same rows makes this one wait, then skip them (ON CONFLICT).
        var due = await db.Database.SqlQuery<Due>($"""
            INSERT INTO application_reminders (application_id, reminded_at)
            SELECT a.id, {now} FROM applications a
            WHERE a.status = {ApplicationStatus.Submitted} AND a.created_at <= {now - Unread.RemindAfter}
              AND NOT EXISTS (SELECT 1 FROM application_reminders r WHERE r.application_id = a.id)
            ORDER BY a.created_at
            LIMIT {BatchSize}
            ON CONFLICT (application_id) DO NOTHING
            RETURNING application_id AS "ApplicationId"
            """).ToListAsync(ct);
        if (due.Count == 0) return 0;

        var ids = due.Select(d => d.ApplicationId).ToList();
        var unanswered = await db.Applications.Where(a => ids.Contains(a.Id))
            .Join(db.Positions, a => a.PositionId, p => p.Id, (a, p) => new Unanswered(a.EmployerId, p.Title, a.CreatedAt))
            .ToListAsync(ct);
        foreach (var employer in unanswered.GroupBy(u => u.EmployerId))
        {
            var distinct = employer.Select(u => u.Title).Distinct().ToList();
            var parameters = NotificationTexts.Store(new UnreadNotice(employer.Count(), (int)Unread.RemindAfter.TotalDays, distinct.Take(3).ToList(),
                distinct.Count > 3));
            var (title, body) = NotificationTexts.WriteInChinese(t, NotificationKinds.ApplicationsUnread, parameters);
            foreach (var recruiter in await RecruitersAsync(db, employer.Key, ct))
                db.Notify(time, recruiter, NotificationKinds.ApplicationsUnread, title, body, "/employer?status=submitted", now, parameters);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        LogReminded(due.Count);
        return due.Count;
    }

    private static Task<List<Guid>> RecruitersAsync(JobFairDb db, Guid employerId, CancellationToken ct) =>
        db.Users.Where(u => u.EmployerId == employerId &&
                            db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Recruiter)))
            .Select(u => u.Id).ToListAsync(ct);

    [LoggerMessage(LogLevel.Information, "Reminded employers of {Count} applications left unread")]
    private partial void LogReminded(int count);

    [LoggerMessage(LogLevel.Warning, "Reminding employers of unread applications failed; will try again")]
    private partial void LogFailed(Exception e);
}
