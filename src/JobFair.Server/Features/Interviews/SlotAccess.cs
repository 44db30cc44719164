using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Students;

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
        var employerId = await db.Positions.Where(p => p.Id == positionId).Select(p => (Guid?)p.EmployerId).SingleOrDefaultAsync(ct);
        if (employerId is null) return NoPosition;
        if (caller.IsIn(Roles.Recruiter))
            return await caller.EmployerAsync(ct) == employerId ? null : NotOwnPosition;
        if (caller.IsIn(Roles.Student) && await caller.StudentIdAsync(ct) is { } studentId &&
            await db.IsInvitedForAsync(studentId, positionId, ct))
            return null;
        return NotInvited;
    }
}
