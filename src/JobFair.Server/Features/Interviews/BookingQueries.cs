using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Interviews;

/// <summary>Bookings as each side sees them, and no-shows as a student's centre sees them.</summary>
internal static class BookingQueries
{
    public sealed record Query(string? Status, Guid? PositionId, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).Must(s => s is null || BookingStatus.All.Contains(s))
                .WithMessage("status must be booked, cancelled, completed or no_show");
            PagingRules.Add(this, q => q.Paging);
        }
    }

    public sealed record NoShow(Guid StudentId, string StudentNo, string Name, string Major, int NoShows, DateTimeOffset LastAt);

    public static void Map(IEndpointRouteBuilder signedIn, IEndpointRouteBuilder students, IEndpointRouteBuilder recruiters,
        IEndpointRouteBuilder centres)
    {
        signedIn.MapGet("/api/bookings/{id:guid}", One).WithSummary("One booking, for its student and its employer's recruiters.");
        students.MapGet("/api/students/me/bookings", ForStudent).Validate<Query>()
            .WithSummary("The caller's interview bookings in time order; filter by status and position.");
        recruiters.MapGet("/api/employers/me/bookings", ForEmployer).Validate<Query>()
            .WithSummary("Bookings for the caller's employer's interviews in time order; filter by status and position.");
        centres.MapGet("/api/universities/{id:guid}/no-shows", NoShows).Validate<PageQuery>()
            .WithSummary("A centre's students who missed booked interviews, most no-shows first.");
    }

    private static async Task<Results<Ok<Bookings.Response>, ProblemHttpResult>> One(
        Guid id, CurrentUser current, JobFairDb db, CancellationToken ct)
    {
        var (booking, _) = await Bookings.FindAsync(id, current, db, ct);
        if (booking is null) return Bookings.NotFound();
        return TypedResults.Ok(await Bookings.LoadAsync(db, id, current, ct));
    }

    private static async Task<Results<Ok<Page<Bookings.Response>>, ProblemHttpResult>> ForStudent(
        [AsParameters] Query query, CurrentUser current, JobFairDb db, CancellationToken ct)
    {
        if (await current.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent.ToProblem();
        return TypedResults.Ok(await ListAsync(db, db.InterviewBookings.Where(b => b.StudentId == studentId), query, current, ct));
    }

    private static async Task<Results<Ok<Page<Bookings.Response>>, ProblemHttpResult>> ForEmployer(
        [AsParameters] Query query, CurrentUser current, JobFairDb db, CancellationToken ct)
    {
        if (await current.EmployerAsync(ct) is not { } employerId) return Employers.RecruiterCaller.NotRecruiter.ToProblem();
        return TypedResults.Ok(await ListAsync(db, db.InterviewBookings.Where(b => b.EmployerId == employerId), query, current, ct));
    }

    private static async Task<Page<Bookings.Response>> ListAsync(JobFairDb db, IQueryable<InterviewBooking> bookings, Query query,
        CurrentUser current, CancellationToken ct)
    {
        if (query.Status is not null) bookings = bookings.Where(b => b.Status == query.Status);
        if (query.PositionId is not null) bookings = bookings.Where(b => b.PositionId == query.PositionId);
        var total = await bookings.CountAsync(ct);
        var rows = await Bookings.Project(db, bookings.OrderBy(b => b.StartsAt).ThenBy(b => b.Id)
                .Skip(query.Paging.Skip).Take(query.Paging.Size))
            .AsNoTracking().ToListAsync(ct);
        var zone = await current.ZoneAsync(ct);
        return new Page<Bookings.Response>(rows.Select(r => Bookings.InZone(r, zone)).ToList(), total);
    }

    private static async Task<Results<Ok<Page<NoShow>>, ProblemHttpResult>> NoShows(
        Guid id, [AsParameters] PageQuery query, CurrentUser current, JobFairDb db, CancellationToken ct)
    {
        if (await current.CentreUniversityAsync(ct) != id)
            return Problem.Forbidden("not_own_university", "A centre sees only its own students' no-shows.");
        var missed = db.InterviewBookings.Where(b => b.Status == BookingStatus.NoShow)
            .Join(db.Students.Where(s => s.UniversityId == id), b => b.StudentId, s => s.Id, (b, s) => new { b.StartsAt, Student = s })
            .GroupBy(x => x.Student.Id)
            .Select(g => new { StudentId = g.Key, Count = g.Count(), LastAt = g.Max(x => x.StartsAt) });
        var total = await missed.CountAsync(ct);
        var page = await missed.OrderByDescending(n => n.Count).ThenByDescending(n => n.LastAt).ThenBy(n => n.StudentId)
            .Skip(query.Paging.Skip).Take(query.Paging.Size)
            .Join(db.Students, n => n.StudentId, s => s.Id, (n, s) => new { n.Count, n.LastAt, s.Id, s.StudentNo, s.Name, s.Major })
            .ToListAsync(ct);
        var items = page.OrderByDescending(n => n.Count).ThenByDescending(n => n.LastAt).ThenBy(n => n.Id)
            .Select(n => new NoShow(n.Id, n.StudentNo, n.Name, n.Major, n.Count, n.LastAt)).ToList();
        var zone = await current.ZoneAsync(ct);
        return TypedResults.Ok(new Page<NoShow>(items.Select(n => n with { LastAt = TimeZoneInfo.ConvertTime(n.LastAt, zone) }).ToList(), total));
    }
}
