using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Fairs;

namespace JobFair.Server.Features.Positions;

/// <summary>
/// The rules a recruiter's change to a posting starts from: which postings are theirs to change,
/// and which fairs a posting may be shared into. Posting, editing, closing and sharing use them.
/// </summary>
internal static class PositionAccess
{
    public static readonly Refusal NotFound = Refusal.NotFound("position");
    public static readonly Refusal Closed = Refusal.Conflict("position_closed", "This posting is closed.");
    public static readonly Refusal NotApproved = Refusal.Forbidden("not_approved", "Your employer is not approved in every one of these fairs.");

    /// <summary>
    /// One of the caller's employer's postings, tracked for a change, if it is not closed. Another
    /// employer's posting is 404: a recruiter does not learn what others have posted this way.
    /// </summary>
    public static async Task<Outcome<Position>> FindOpenOwnAsync(this JobFairDb db, CurrentUser caller, Guid id, CancellationToken ct)
    {
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        var position = await db.Positions.SingleOrDefaultAsync(p => p.Id == id && p.EmployerId == employerId, ct);
        if (position is null) return NotFound;
        if (position.Status == PositionStatus.Closed) return Closed;
        return position;
    }

    /// <summary>
    /// The postings anyone may see: none of a suspended employer's (they come back when it is
    /// reinstated). Keyword search and the total of a fair's list get the same rule from its entries (0016's and 0026's triggers).
    /// </summary>
    public static IQueryable<Position> Listed(this IQueryable<Position> positions, JobFairDb db) =>
        positions.Where(p => !db.Employers.Any(e => e.Id == p.EmployerId && e.SuspendedAt != null));

    /// <summary>Why the employer's posting may not be shared into these fairs (they must be open and have approved it), or null.</summary>
    public static async Task<Refusal?> SharingRefusalAsync(this JobFairDb db, Guid employerId, IReadOnlyCollection<Guid> fairIds,
        DateTimeOffset now, CancellationToken ct)
    {
        if (fairIds.Count == 0) return null;
        var fairs = await db.Fairs.AsNoTracking().Where(f => fairIds.Contains(f.Id))
            .Select(f => new
            {
                f.Id, f.Status, f.EndsAt,
                Approved = db.Participations.Any(p => p.FairId == f.Id && p.EmployerId == employerId && p.Status == ParticipationStatus.Approved),
            })
            .ToListAsync(ct);
        // A fair the employer is not approved in is refused the same way whether or not it exists.
        if (fairs.Count < fairIds.Count || fairs.Any(f => !f.Approved)) return NotApproved;
        if (fairs.Any(f => FairStatus.Effective(f.Status, f.EndsAt, now) == FairStatus.Closed)) return FairAccess.Closed;
        return null;
    }
}
