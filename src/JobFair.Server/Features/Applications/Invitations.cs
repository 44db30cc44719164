using S = JobFair.Server.Features.Applications.ApplicationStatus;

namespace JobFair.Server.Features.Applications;

/// <summary>
/// Which students count as invited to interview for a position: those whose application is
/// interview_invited, and those whose invitation has since led to an offer or a signature (they
/// still have their interview to see). A rejected or withdrawn application no longer counts.
/// The rule for watching a position live; listing its slots should follow the same rule.
/// </summary>
public static class Invitations
{
    public static Task<bool> IsInvitedForAsync(this JobFairDb db, Guid studentId, Guid positionId, CancellationToken ct) =>
        db.InvitedFor(positionId).AnyAsync(a => a.StudentId == studentId, ct);

    /// <summary>The applications to this position whose students count as invited (to compose into a larger query).</summary>
    public static IQueryable<Application> InvitedFor(this JobFairDb db, Guid positionId) =>
        db.Applications.Where(a => a.PositionId == positionId &&
            (a.Status == S.InterviewInvited ||
             ((a.Status == S.Offered || a.Status == S.Signed) &&
              db.ApplicationTransitions.Any(t => t.ApplicationId == a.Id && t.ToStatus == S.InterviewInvited))));
}
