using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>
/// A booth's line: its employer's recruiters see everyone waiting in order (paged) and who is
/// called now; a student sees their own entry (their latest at this booth) with place and wait.
/// </summary>
public sealed class GetLine(JobFairDb db, TimeProvider time, IValidator<PageQuery> validator) : IUseCase
{
    public sealed record Waiting(Guid EntryId, int Position, DateTimeOffset JoinedAt, QueueStudent Student);

    /// <summary>A called student: <c>enteredAt</c> once they came into the room; <c>calledBy</c> the recruiter (user) they talk to.</summary>
    public sealed record Called(Guid EntryId, DateTimeOffset CalledAt, DateTimeOffset ExpiresAt, DateTimeOffset? EnteredAt, Guid CalledBy,
        string RoomUrl, QueueStudent Student);

    /// <summary>The recruiters' view: <c>items</c> waiting in order (paged, <c>total</c> waiting), the booth, and the called.</summary>
    public sealed record Line(IReadOnlyList<Waiting> Items, int Total, BoothResponse Booth, IReadOnlyList<Called> Called);

    /// <summary>A student's own entry; place and estimate while waiting, the room while called, the reason once it ended.</summary>
    public sealed record MyEntry(Guid Id, Guid FairId, Guid EmployerId, string Status, string? Reason, int? Position, int? Ahead,
        int? EtaMinutes, int? EtaMinutesLow, int? EtaMinutesHigh, DateTimeOffset JoinedAt, string? RoomUrl, DateTimeOffset? CallExpiresAt,
        DateTimeOffset? EnteredAt);

    public static readonly Refusal NotQueued = Refusal.NotFound("entry of yours in this line");
    public static readonly Refusal NeitherSide =
        Refusal.Forbidden("forbidden", "Only the employer's recruiters and students in its line may read a booth's line.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/fairs/{fairId:guid}/booths/{employerId:guid}/queue",
                async Task<Results<Ok<Line>, Ok<MyEntry>, ProblemHttpResult>> (Guid fairId, Guid employerId, [AsParameters] PageQuery query,
                    CurrentUser caller, GetLine get, CancellationToken ct) =>
                {
                    if (caller.IsIn(Roles.Recruiter)) return Answer(await get.ForRecruiterAsync(caller, fairId, employerId, query, ct));
                    if (caller.IsIn(Roles.Student)) return Answer(await get.ForStudentAsync(caller, fairId, employerId, ct));
                    return NeitherSide.ToProblem();
                })
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(Refusal.Invalid("pageSize", "between 1 and 100"), FairAccess.NotFound, BoothAccess.NotFound, BoothAccess.NotOwnBooth,
                NotQueued, NeitherSide)
            .WithSummary("Recruiters of the employer: everyone waiting in order (paged) and who is called; a student: their own entry.");

    private static Results<Ok<Line>, Ok<MyEntry>, ProblemHttpResult> Answer<T>(Outcome<T> outcome) where T : class =>
        outcome.IsRefused(out var refusal) ? refusal.ToProblem()
        : outcome.Value switch
        {
            Line line => TypedResults.Ok(line),
            MyEntry entry => TypedResults.Ok(entry),
            _ => throw new InvalidOperationException("a line or an entry"),
        };

    public async Task<Outcome<Line>> ForRecruiterAsync(CurrentUser caller, Guid fairId, Guid employerId, PageQuery query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        var found = await BoothAccess.FindForRecruiterAsync(db, caller, fairId, employerId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var paging = query.Paging;
        var waiting = QueueLine.Waiting(db, fairId, employerId);
        var total = await waiting.CountAsync(ct);
        var page = await Students(waiting.OrderBy(e => e.Ticket).Skip(paging.Skip).Take(paging.Size))
            .OrderBy(x => x.Entry.Ticket).ToListAsync(ct);
        var called = await Students(db.BoothQueueEntries.Where(e => e.FairId == fairId && e.EmployerId == employerId && e.Status == EntryStatus.Called))
            .OrderBy(x => x.Entry.CalledAt).ToListAsync(ct);
        return new Line(
            page.Select((x, i) => new Waiting(x.Entry.Id, paging.Skip + i + 1, x.Entry.JoinedAt, x.Student)).ToList(),
            total,
            await BoothResponses.LoadAsync(db, fairId, employerId, time.GetUtcNow(), ct),
            called.Select(x => new Called(x.Entry.Id, x.Entry.CalledAt!.Value, x.Entry.CallExpiresAt!.Value, x.Entry.EnteredAt,
                x.Entry.CalledBy!.Value, BoothAccess.RoomUrl(x.Entry.Id), x.Student)).ToList());
    }

    public async Task<Outcome<MyEntry>> ForStudentAsync(CurrentUser caller, Guid fairId, Guid employerId, CancellationToken ct)
    {
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
        var found = await BoothAccess.FindAsync(db, caller, fairId, employerId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var entry = await db.BoothQueueEntries.AsNoTracking()
            .Where(e => e.FairId == fairId && e.EmployerId == employerId && e.StudentId == studentId)
            .OrderByDescending(e => e.JoinedAt).ThenByDescending(e => e.Ticket).FirstOrDefaultAsync(ct);
        if (entry is null) return NotQueued;
        int? position = null;
        Eta? eta = null;
        if (entry.Status == EntryStatus.Waiting)
        {
            position = await QueueLine.PlaceAsync(db, fairId, employerId, entry.Ticket, ct);
            var minutesPerTalk = found.Value.Booth?.MinutesPerTalk ?? BoothResponses.DefaultMinutesPerTalk;
            eta = (await BoothPace.LoadAsync(db, fairId, employerId, minutesPerTalk, time.GetUtcNow(), ct)).For(position.Value - 1);
        }
        var called = entry.Status == EntryStatus.Called;
        return new MyEntry(entry.Id, fairId, employerId, entry.Status, entry.Reason, position, position - 1, eta?.Minutes, eta?.Low, eta?.High,
            entry.JoinedAt, called ? BoothAccess.RoomUrl(entry.Id) : null, called ? entry.CallExpiresAt : null, entry.EnteredAt);
    }

    /// <summary>A student's entry still in play at one booth, with the booth's and the fair's names.</summary>
    public sealed record MyPlace(string EmployerName, string FairTitle, MyEntry Entry);

    /// <summary>
    /// A student's entries still in play in a fair (waiting or called; at most three), oldest first, each
    /// as <see cref="ForStudentAsync"/> tells it: the fair page shows them again after a plain reload.
    /// </summary>
    public Task<Outcome<List<MyPlace>>> ForStudentInFairAsync(CurrentUser caller, Guid fairId, CancellationToken ct) =>
        PlacesAsync(caller, fairId, ct);

    /// <summary>The same in every fair: the lines a student stands in, for their start page.</summary>
    public Task<Outcome<List<MyPlace>>> ForStudentEverywhereAsync(CurrentUser caller, CancellationToken ct) =>
        PlacesAsync(caller, null, ct);

    private async Task<Outcome<List<MyPlace>>> PlacesAsync(CurrentUser caller, Guid? fairId, CancellationToken ct)
    {
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
        var booths = await (from e in db.BoothQueueEntries.AsNoTracking()
                            where (fairId == null || e.FairId == fairId) && e.StudentId == studentId
                                  && (e.Status == EntryStatus.Waiting || e.Status == EntryStatus.Called)
                            join employer in db.Employers on e.EmployerId equals employer.Id
                            join fair in db.Fairs on e.FairId equals fair.Id
                            orderby e.JoinedAt, e.Ticket
                            select new { e.FairId, e.EmployerId, employer.Name, fair.Title }).ToListAsync(ct);
        var places = new List<MyPlace>();
        foreach (var booth in booths.DistinctBy(b => (b.FairId, b.EmployerId)))
        {
            var entry = await ForStudentAsync(caller, booth.FairId, booth.EmployerId, ct);
            if (entry.IsRefused(out var refusal)) return refusal;
            // Ended between the two reads (called and served, skipped): nothing to show for it.
            if (entry.Value.Status is EntryStatus.Waiting or EntryStatus.Called) places.Add(new MyPlace(booth.Name, booth.Title, entry.Value));
        }
        return places;
    }

    private IQueryable<WithStudent> Students(IQueryable<QueueEntry> entries) =>
        from e in entries
        join s in db.Students on e.StudentId equals s.Id
        join u in db.Universities on s.UniversityId equals u.Id
        select new WithStudent { Entry = e, Student = new QueueStudent(s.Id, s.Name, u.Name, s.Major, s.Degree) };

    private sealed class WithStudent
    {
        public required QueueEntry Entry { get; init; }
        public required QueueStudent Student { get; init; }
    }
}
