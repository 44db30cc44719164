using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;

namespace JobFair.Server.Features.Interviews;

/// <summary>
/// Who may see a position's interview slots: its employer's recruiters and the students invited
/// to interview for it. One rule for listing the slots (<see cref="ListSlots"/>) and for watching
/// them live (<c>LiveHub.WatchPosition</c>).
/// </summary>
internal static class SlotAccess
{
    public static readonly Refusal NoPosition = Refusal.NotFound("position");
    public static readonly Refusal NotOwnPosition =
        Refusal.Forbidden("not_own_position", "Only the position's own recruiters and invited students see its slots.");
    public static readonly Refusal NotInvited =
        Refusal.Forbidden("not_invited", "Only students invited to interview for this position see and book its slots.");

    /// <summary>
    /// Null when the caller may see the position's slots: a recruiter of its employer, or a student
    /// invited to interview for it (<see cref="Invitations"/>). Otherwise why not.
    /// </summary>
    public static async Task<Refusal?> RefusalAsync(JobFairDb db, CurrentUser caller, Guid positionId, CancellationToken ct)
    {
        // The position and, for a student, whether they are invited, in one query (a slot rush lists again and again).
        var studentUser = caller.IsIn(Roles.Recruiter) || !caller.IsIn(Roles.Student) ? null : caller.Id;
        var invited = db.InvitedFor(positionId);
        var found = await db.Positions.Where(p => p.Id == positionId)
            .Select(p => new
            {
                p.EmployerId,
                Invited = studentUser != null && invited.Any(a => db.Students.Any(s => s.Id == a.StudentId && s.UserId == studentUser)),
            })
            .SingleOrDefaultAsync(ct);
        if (found is null) return NoPosition;
        if (caller.IsIn(Roles.Recruiter))
            return await caller.EmployerAsync(ct) == found.EmployerId ? null : NotOwnPosition;
        return found.Invited ? null : NotInvited;
    }
}
