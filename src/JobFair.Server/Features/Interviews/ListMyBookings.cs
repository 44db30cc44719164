using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Interviews;

/// <summary>Interview bookings in time order as each side sees them: a student their own, a recruiter their employer's.</summary>
public sealed class ListMyBookings(JobFairDb db, TimeProvider time, IValidator<ListMyBookings.Query> validator) : IUseCase
{
    /// <summary><paramref name="From"/> and <paramref name="To"/>: only interviews starting in that span (a recruiter's day).</summary>
    public sealed record Query(string? Status, Guid? PositionId, int? Page, int? PageSize, DateTimeOffset? From = null,
        DateTimeOffset? To = null)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).Must(s => s is null || BookingStatus.All.Contains(s))
                .WithMessage("status must be booked, cancelled, completed or no_show");
            RuleFor(q => q.From).Must(InRange).WithMessage("from must lie between the years 1900 and 2200");
            RuleFor(q => q.To).Must(InRange).WithMessage("to must lie between the years 1900 and 2200");
            RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null).WithMessage("to must come after from");
            PagingRules.Add(this, q => q.Paging);
        }
    }

    /// <summary>
    /// The applications among these bookings that have had their seat: booked, or held or missed since (an
    /// application books once; only a cancelled booking lets it book again).
    /// </summary>
    public static HashSet<Guid> SeatedApplications(IEnumerable<BookingResponse> bookings) =>
        bookings.Where(b => b.Status != BookingStatus.Cancelled).Select(b => b.ApplicationId).ToHashSet();

    private static bool InRange(DateTimeOffset? at) =>
        at is not { } t || (t >= UtcDateTimeOffsetConverter.Earliest && t < UtcDateTimeOffsetConverter.Latest);

    internal static void Map(IEndpointRouteBuilder api)
    {
        var invalid = Refusal.Invalid("status", "status must be booked, cancelled, completed or no_show");
        api.MapGet("/students/me/bookings", ([AsParameters] Query query, CurrentUser caller, ListMyBookings list, CancellationToken ct) =>
                list.ForStudentAsync(caller, query, ct).ToOk())
            .RequireAuthorization(Policies.Student)
            .Refuses(invalid, StudentCaller.NotStudent)
            .WithSummary("The caller's interview bookings in time order; filter by status and position.");
        api.MapGet("/employers/me/bookings", ([AsParameters] Query query, CurrentUser caller, ListMyBookings list, CancellationToken ct) =>
                list.ForEmployerAsync(caller, query, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(invalid, RecruiterCaller.NotRecruiter)
            .WithSummary("Bookings for the caller's employer's interviews in time order; filter by status, position and start (from, to).");
    }

    public async Task<Outcome<Page<BookingResponse>>> ForStudentAsync(CurrentUser caller, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
        return await ListAsync(db.InterviewBookings.Where(b => b.StudentId == studentId), query, caller, recruiter: false, ct);
    }

    /// <summary>
    /// A student's interviews held or missed, the latest first: their record once an interview is over (the
    /// application stays invited until the employer decides, so without it a held interview would show nowhere).
    /// </summary>
    public async Task<Outcome<Page<BookingResponse>>> PastForStudentAsync(CurrentUser caller, Paging paging, CancellationToken ct)
    {
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
        var past = db.InterviewBookings.Where(b => b.StudentId == studentId
            && (b.Status == BookingStatus.Completed || b.Status == BookingStatus.NoShow));
        var total = await past.CountAsync(ct);
        var rows = await Bookings.Project(db, past.OrderByDescending(b => b.StartsAt).ThenBy(b => b.Id).Skip(paging.Skip).Take(paging.Size))
            .AsNoTracking().ToListAsync(ct);
        return await PageAsync(rows, total, caller, recruiter: false, ct);
    }

    public async Task<Outcome<Page<BookingResponse>>> ForEmployerAsync(CurrentUser caller, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        return await ListAsync(db.InterviewBookings.Where(b => b.EmployerId == employerId), query, caller, recruiter: true, ct);
    }

    private async Task<Page<BookingResponse>> ListAsync(IQueryable<InterviewBooking> bookings, Query query, CurrentUser caller,
        bool recruiter, CancellationToken ct)
    {
        if (query.Status is not null) bookings = bookings.Where(b => b.Status == query.Status);
        if (query.PositionId is not null) bookings = bookings.Where(b => b.PositionId == query.PositionId);
        // A query string keeps the offset the client wrote; the database compares in UTC.
        if (query.From?.ToUniversalTime() is { } from) bookings = bookings.Where(b => b.StartsAt >= from);
        if (query.To?.ToUniversalTime() is { } to) bookings = bookings.Where(b => b.StartsAt < to);
        var total = await bookings.CountAsync(ct);
        var rows = await Bookings.Project(db, bookings.OrderBy(b => b.StartsAt).ThenBy(b => b.Id)
                .Skip(query.Paging.Skip).Take(query.Paging.Size))
            .AsNoTracking().ToListAsync(ct);
        return await PageAsync(rows, total, caller, recruiter, ct);
    }

    private async Task<Page<BookingResponse>> PageAsync(IReadOnlyList<BookingResponse> rows, int total, CurrentUser caller, bool recruiter,
        CancellationToken ct)
    {
        var zone = await caller.ZoneAsync(ct);
        var now = time.GetUtcNow();
        return new Page<BookingResponse>(rows.Select(r => Bookings.ForReader(r, zone, now, recruiter)).ToList(), total);
    }
}
