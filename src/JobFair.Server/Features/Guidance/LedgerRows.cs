using JobFair.Server.Features.Students;
using K = JobFair.Server.Features.Guidance.PlanEntryKinds;
using S = JobFair.Server.Features.Applications.ApplicationStatus;

namespace JobFair.Server.Features.Guidance;

/// <summary>Where a graduate stands, as the ledger shows it: their applications' progress and their plan's state.</summary>
internal sealed class LedgerRow
{
    public Guid StudentId { get; init; }
    public required string StudentNo { get; init; }
    public required string Name { get; init; }
    public required string Major { get; init; }
    public int Applications { get; init; }
    /// <summary>Applications ever invited to interview (an offer after an interview still counts its interview).</summary>
    public int Interviews { get; init; }
    /// <summary>Applications ever offered, whatever became of the offer.</summary>
    public int Offers { get; init; }
    public int Signed { get; init; }
    /// <summary>An offer waits for the graduate's answer now.</summary>
    public bool Offered { get; init; }
    public DateTimeOffset? LastContactAt { get; init; }
    public int OpenActions { get; init; }
    public int OverdueActions { get; init; }

    public string Status => Signed > 0 ? LedgerStatus.Signed : Offered ? LedgerStatus.Offered : LedgerStatus.Looking;
}

/// <summary>A graduate's standing in the ledger's <c>status</c> filter.</summary>
public static class LedgerStatus
{
    public const string Looking = "looking";
    public const string Offered = "offered";
    public const string Signed = "signed";

    public static readonly string[] All = [Looking, Offered, Signed];
}

internal static class LedgerRows
{
    /// <summary>A graduate not contacted for this long is on the follow-up list.</summary>
    public static readonly TimeSpan ContactInterval = TimeSpan.FromDays(7);

    /// <summary>One row per graduate, each figure a correlated count the database answers from its indexes.</summary>
    public static IQueryable<LedgerRow> Rows(this JobFairDb db, IQueryable<Student> students, DateTimeOffset now) =>
        students.Select(s => new LedgerRow
        {
            StudentId = s.Id, StudentNo = s.StudentNo, Name = s.Name, Major = s.Major,
            Applications = db.Applications.Count(a => a.StudentId == s.Id),
            Interviews = db.Applications.Count(a => a.StudentId == s.Id &&
                db.ApplicationTransitions.Any(t => t.ApplicationId == a.Id && t.ToStatus == S.InterviewInvited)),
            Offers = db.Applications.Count(a => a.StudentId == s.Id &&
                db.ApplicationTransitions.Any(t => t.ApplicationId == a.Id && t.ToStatus == S.Offered)),
            Signed = db.Applications.Count(a => a.StudentId == s.Id && a.Status == S.Signed),
            Offered = db.Applications.Any(a => a.StudentId == s.Id && a.Status == S.Offered),
            LastContactAt = db.PlanEntries.Where(e => e.StudentId == s.Id && e.Kind == K.Contact).Max(e => e.ContactedAt),
            OpenActions = db.PlanEntries.Count(e => e.StudentId == s.Id && e.Kind == K.Action && e.DoneAt == null),
            OverdueActions = db.PlanEntries.Count(e => e.StudentId == s.Id && e.Kind == K.Action && e.DoneAt == null && e.DueAt < now),
        });

    public static IQueryable<LedgerRow> WithStatus(this IQueryable<LedgerRow> rows, string? status) => status switch
    {
        LedgerStatus.Signed => rows.Where(r => r.Signed > 0),
        LedgerStatus.Offered => rows.Where(r => r.Signed == 0 && r.Offered),
        LedgerStatus.Looking => rows.Where(r => r.Signed == 0 && !r.Offered),
        _ => rows,
    };

    /// <summary>Graduates still looking (not signed) whom nobody has contacted in <see cref="ContactInterval"/>, or ever.</summary>
    public static IQueryable<LedgerRow> Uncontacted(this IQueryable<LedgerRow> rows, DateTimeOffset now)
    {
        var since = now - ContactInterval;
        return rows.Where(r => r.Signed == 0 && (r.LastContactAt == null || r.LastContactAt < since));
    }

    /// <summary>The key groups of these graduates, by graduate.</summary>
    public static async Task<Dictionary<Guid, List<string>>> KeyGroupsAsync(this JobFairDb db, IReadOnlyCollection<Guid> studentIds,
        CancellationToken ct) =>
        (await db.StudentKeyGroups.AsNoTracking().Where(k => studentIds.Contains(k.StudentId))
            .Select(k => new { k.StudentId, k.Code }).ToListAsync(ct))
        .GroupBy(k => k.StudentId)
        .ToDictionary(g => g.Key, g => g.Select(k => k.Code).Order(StringComparer.Ordinal).ToList());
}
