using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Students;
using static JobFair.Server.Features.Interviews.PublishSlots;

namespace JobFair.Server.Features.Interviews;

/// <summary>A position's slots, for its employer's recruiters and the students invited to interview for it.</summary>
internal static class SlotQueries
{
    public sealed record Query(bool? Available);

    public static void Map(IEndpointRouteBuilder signedIn) =>
        signedIn.MapGet("/api/positions/{id:guid}/slots", List)
            .WithSummary("All of a position's interview slots in time order (not paged: at most 1,000). available=true: " +
                         "only those not yet started with a free seat. For its recruiters and invited students (403 not_invited).");

    private static async Task<Results<Ok<Page<SlotResponse>>, ProblemHttpResult>> List(
        Guid id, [AsParameters] Query query, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var position = await db.Positions.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.EmployerId }).SingleOrDefaultAsync(ct);
        if (position is null) return Problem.NotFound("position");
        if (await RefusalAsync(id, position.EmployerId, current, db, ct) is { } refusal) return refusal;

        var now = time.GetUtcNow();
        var slots = db.InterviewSlots.AsNoTracking().Where(s => s.PositionId == id);
        if (query.Available == true) slots = slots.Where(s => s.Booked < s.Capacity && s.StartsAt > now);
        var zone = await current.ZoneAsync(ct);
        var items = (await slots.OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct)).Select(s => SlotResponse.From(s, zone)).ToList();
        return TypedResults.Ok(new Page<SlotResponse>(items, items.Count));
    }

    /// <summary>
    /// Null when the caller may see the position's slots: a recruiter of its employer, or a student
    /// invited to interview for it (<see cref="Invitations"/>: the same rule as watching it live).
    /// </summary>
    public static async Task<ProblemHttpResult?> RefusalAsync(Guid positionId, Guid employerId, CurrentUser current, JobFairDb db,
        CancellationToken ct)
    {
        if (current.IsIn(Roles.Recruiter))
            return await current.EmployerAsync(ct) == employerId ? null
                : Problem.Forbidden("not_own_position", "Only the position's own recruiters and invited students see its slots.");
        if (current.IsIn(Roles.Student) && await current.StudentIdAsync(ct) is { } studentId &&
            await db.IsInvitedForAsync(studentId, positionId, ct))
            return null;
        return NotInvited();
    }

    public static ProblemHttpResult NotInvited() =>
        Problem.Forbidden("not_invited", "Only students invited to interview for this position see and book its slots.");
}
