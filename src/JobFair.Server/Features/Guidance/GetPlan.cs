using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Positions;
using K = JobFair.Server.Features.Guidance.PlanEntryKinds;

namespace JobFair.Server.Features.Guidance;

/// <summary>
/// One graduate's ledger entry: where they stand, their key groups, their counsellors, and their
/// plan. What a reader gets depends on how they reach it (<see cref="LedgerAccess"/>); the read is audited.
/// </summary>
public sealed class GetPlan(JobFairDb db, TimeProvider time) : IUseCase
{
    public sealed record StudentRef(Guid Id, string StudentNo, string Name, string Major, string Degree, int GraduationYear,
        Guid UniversityId, string University, bool Claimed);

    public sealed record CounsellorBrief(Guid Id, string Name, string Department);

    /// <summary>
    /// The entry: <c>access</c> says how the caller reaches it (counsellor, centre or partner); a partner
    /// gets <c>keyGroups</c> null and of the plan's <c>entries</c> (oldest first) only actions and advice.
    /// </summary>
    public sealed record Response(StudentRef Student, string Access, string Status, int Applications, int Interviews, int Offers, int Signed,
        DateTimeOffset? LastContactAt, int OpenActions, int OverdueActions, IReadOnlyList<string>? KeyGroups,
        IReadOnlyList<CounsellorBrief> Counsellors, IReadOnlyList<PlanEntryResponse> Entries);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/students/{id:guid}/plan", (Guid id, CurrentUser caller, GetPlan get, CancellationToken ct) => get.RunAsync(caller, id, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(LedgerAccess.NotFound)
            .WithSummary("A graduate's ledger entry and plan (一人一策): their counsellors, the centre of their university, and " +
                         "a partner counsellor through a counsellor pair (without key groups, notes or contacts). Audited.");

    public async Task<Outcome<Response>> RunAsync(CurrentUser caller, Guid studentId, CancellationToken ct)
    {
        var found = await db.FindAsync(caller, studentId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var (student, reader) = found.Value;

        var row = await db.Rows(db.Students.AsNoTracking().Where(s => s.Id == student.Id), time.GetUtcNow()).SingleAsync(ct);
        var university = await db.Universities.Where(u => u.Id == student.UniversityId).Select(u => u.Name).SingleAsync(ct);
        var counsellors = await db.CounsellorsOf(student).AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new CounsellorBrief(c.Id, c.Name, c.Department)).ToListAsync(ct);
        var entries = db.PlanEntries.Where(e => e.StudentId == student.Id);
        if (!reader.SeesCasework) entries = entries.Where(e => e.Kind == K.Action || e.Kind == K.Advice);
        var plan = await PlanEntryResponse.LoadAsync(db, entries, ct);
        var keyGroups = reader.SeesKeyGroups ? (await db.KeyGroupsAsync([student.Id], ct)).GetValueOrDefault(student.Id) ?? [] : null;

        db.AuditLedger(time, reader, "ledger_read", student.Id);
        await db.SaveChangesAsync(ct);
        return new Response(
            new StudentRef(student.Id, student.StudentNo, student.Name, student.Major, student.Degree, student.GraduationYear,
                student.UniversityId, university, student.UserId is not null),
            reader.Role.ToString().ToLowerInvariant(), row.Status, row.Applications, row.Interviews, row.Offers, row.Signed,
            row.LastContactAt, row.OpenActions, row.OverdueActions, keyGroups, counsellors, plan);
    }

    /// <summary>
    /// Positions a counsellor might recommend to this graduate (the advice form's choices): open
    /// postings of the graduate's major shared into a fair that is still open, newest first.
    /// </summary>
    public async Task<IReadOnlyList<PositionBrief>> PositionsToRecommendAsync(Response plan, int count, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var major = plan.Student.Major;
        return await db.Positions.AsNoTracking()
            .Where(p => p.Status == PositionStatus.Open && (p.ClosesAt == null || p.ClosesAt > now) && p.Majors.Contains(major) &&
                        db.PositionFairs.Any(pf => pf.PositionId == p.Id &&
                            db.Fairs.Any(f => f.Id == pf.FairId && f.Status == FairStatus.Published && f.EndsAt > now)))
            .OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id).Take(count)
            .Select(p => new PositionBrief(p.Id, p.Title, p.EmployerName))
            .ToListAsync(ct);
    }
}
