namespace JobFair.Server.Features.Guidance.Reminders;

/// <summary>No resume left unread: when an application still <c>submitted</c> reminds its employer, and when its hosts see it as overdue.</summary>
public static class Unread
{
    /// <summary>Still submitted this long after delivery: the employer's recruiters are reminded (once).</summary>
    public static readonly TimeSpan RemindAfter = TimeSpan.FromDays(3);

    /// <summary>Still submitted this long after delivery: the fair's host centres see it as overdue.</summary>
    public static readonly TimeSpan OverdueAfter = TimeSpan.FromDays(7);
}
