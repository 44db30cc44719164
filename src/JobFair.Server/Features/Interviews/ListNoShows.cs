using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews;

/// <summary>A centre's students who missed booked interviews, most no-shows first.</summary>
public sealed class ListNoShows(JobFairDb db, IValidator<PageQuery> validator) : IUseCase
{
    public sealed record NoShow(Guid StudentId, string StudentNo, string Name, string Major, int NoShows, DateTimeOffset LastAt);

    public static readonly Refusal NotOwnUniversity = Refusal.Forbidden("not_own_university", "A centre sees only its own students' no-shows.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/universities/{id:guid}/no-shows", (Guid id, [AsParameters] PageQuery query, CurrentUser caller, ListNoShows list,
                CancellationToken ct) => list.RunAsync(caller, id, query, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.NotFound("university"), Refusal.Invalid("pageSize", "out of range"), NotOwnUniversity)
            .WithSummary("A centre's students who missed booked interviews, most no-shows first.");

    public async Task<Outcome<Page<NoShow>>> RunAsync(CurrentUser caller, Guid universityId, PageQuery query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.CentreUniversityAsync(ct) != universityId) return NotOwnUniversity;
        var missed = db.InterviewBookings.Where(b => b.Status == BookingStatus.NoShow)
            .Join(db.Students.Where(s => s.UniversityId == universityId), b => b.StudentId, s => s.Id, (b, s) => new { b.StartsAt, Student = s })
            .GroupBy(x => x.Student.Id)
            .Select(g => new { StudentId = g.Key, Count = g.Count(), LastAt = g.Max(x => x.StartsAt) });
        var total = await missed.CountAsync(ct);
        var page = await missed.OrderByDescending(n => n.Count).ThenByDescending(n => n.LastAt).ThenBy(n => n.StudentId)
            .Skip(query.Paging.Skip).Take(query.Paging.Size)
            .Join(db.Students, n => n.StudentId, s => s.Id, (n, s) => new { n.Count, n.LastAt, s.Id, s.StudentNo, s.Name, s.Major })
            .ToListAsync(ct);
        var zone = await caller.ZoneAsync(ct);
        // The join loses the order; sort the page again as it was taken.
        var items = page.OrderByDescending(n => n.Count).ThenByDescending(n => n.LastAt).ThenBy(n => n.Id)
            .Select(n => new NoShow(n.Id, n.StudentNo, n.Name, n.Major, n.Count, TimeZoneInfo.ConvertTime(n.LastAt, zone))).ToList();
        return new Page<NoShow>(items, total);
    }
}
