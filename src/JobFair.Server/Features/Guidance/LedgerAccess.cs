using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Guidance;

/// <summary>How a caller reaches a graduate's ledger entry, which decides what they see and may add.</summary>
public enum LedgerRole
{
    /// <summary>One of the graduate's own counsellors (by major or assigned): sees everything, writes the plan.</summary>
    Counsellor,
    /// <summary>The centre of the graduate's university: sees everything, sets key groups, writes no plan lines.</summary>
    Centre,
    /// <summary>
    /// The partner university's counsellor paired with one of the graduate's counsellors: sees the
    /// graduate's standing, actions and advice, adds advice and positions; never key groups, notes or contacts.
    /// </summary>
    Partner,
}

/// <summary>The caller as a reader of one ledger entry.</summary>
public sealed record LedgerReader(Guid UserId, LedgerRole Role, Counsellor? Counsellor, Guid? CounsellorPairId)
{
    public bool SeesKeyGroups => Role != LedgerRole.Partner;
    /// <summary>Notes and contact summaries are the home university's casework.</summary>
    public bool SeesCasework => Role != LedgerRole.Partner;
    public string AuditRole => Role == LedgerRole.Centre ? Roles.Centre : Roles.Counsellor;
    public string? AuditDetail => CounsellorPairId is { } pair ? $"partner through counsellor pair {pair}" : null;
}

/// <summary>
/// The one place that decides who sees whose ledger entry (一人一策台账): a graduate's own
/// counsellors (the university's counsellors looking after the graduate's major, or assigned the
/// graduate by the centre), the centre of the graduate's university, and, only through a counsellor
/// pair, the partner university's counsellor. Nobody else learns the entry exists (404). Every read
/// and change is audited through <see cref="AuditLedger"/>.
/// </summary>
public static class LedgerAccess
{
    public const string Subject = "ledger_entry";

    public static readonly Refusal NotCounsellor =
        Refusal.Forbidden("not_counsellor", "Only a counsellor whose account a university's centre created may do this.");
    public static readonly Refusal NotOwnUniversity =
        Refusal.Forbidden("not_own_university", "A centre manages only its own university's counsellors and graduates.");
    public static readonly Refusal NotFound = Refusal.NotFound("student");
    public static readonly Refusal PartnerOnlyAdvises =
        Refusal.Forbidden("partner_only_advises", "A partner counsellor may add advice and positions to this plan, nothing else.");
    public static readonly Refusal NotOwnCounsellor =
        Refusal.Forbidden("not_own_counsellor", "Only the graduate's own counsellors write their plan.");

    /// <summary>The caller's counsellor row, or null for anyone who is not a counsellor.</summary>
    public static async Task<Counsellor?> CounsellorAsync(this CurrentUser caller, CancellationToken ct) =>
        caller.IsIn(Roles.Counsellor) && caller.Id is { } userId
            ? await caller.Db.Counsellors.AsNoTracking().SingleOrDefaultAsync(c => c.UserId == userId, ct)
            : null;

    /// <summary>The graduates on a counsellor's ledger: of their university, of a major they look after or assigned to them.</summary>
    public static IQueryable<Student> StudentsOf(this JobFairDb db, Counsellor counsellor)
    {
        var (id, universityId, majors) = (counsellor.Id, counsellor.UniversityId, counsellor.Majors);
        return db.Students.Where(s => s.UniversityId == universityId &&
            (majors.Contains(s.Major) || db.LedgerAssignments.Any(a => a.CounsellorId == id && a.StudentId == s.Id)));
    }

    /// <summary>The graduate's own counsellors.</summary>
    public static IQueryable<Counsellor> CounsellorsOf(this JobFairDb db, Student student)
    {
        var (id, universityId, major) = (student.Id, student.UniversityId, student.Major);
        return db.Counsellors.Where(c => c.UniversityId == universityId &&
            (c.Majors.Contains(major) || db.LedgerAssignments.Any(a => a.CounsellorId == c.Id && a.StudentId == id)));
    }

    /// <summary>The graduate and how the caller reaches their entry; 404 for everyone the rules above leave out.</summary>
    public static async Task<Outcome<(Student Student, LedgerReader Reader)>> FindAsync(this JobFairDb db, CurrentUser caller, Guid studentId,
        CancellationToken ct)
    {
        if (caller.Id is not { } userId) return NotFound;
        var student = await db.Students.AsNoTracking().SingleOrDefaultAsync(s => s.Id == studentId, ct);
        if (student is null) return NotFound;
        if (await caller.CentreUniversityAsync(ct) == student.UniversityId)
            return (student, new LedgerReader(userId, LedgerRole.Centre, null, null));
        if (await caller.CounsellorAsync(ct) is not { } counsellor) return NotFound;

        var own = db.CounsellorsOf(student);
        if (await own.AnyAsync(c => c.Id == counsellor.Id, ct))
            return (student, new LedgerReader(userId, LedgerRole.Counsellor, counsellor, null));
        // A partner reaches the entry only through a pair with one of the graduate's own counsellors.
        var through = await db.CounsellorPairs.AsNoTracking()
            .Where(p => (p.SupportedCounsellorId == counsellor.Id && own.Any(c => c.Id == p.SupportingCounsellorId)) ||
                        (p.SupportingCounsellorId == counsellor.Id && own.Any(c => c.Id == p.SupportedCounsellorId)))
            .OrderBy(p => p.CreatedAt).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        return through is { } pairId
            ? (student, new LedgerReader(userId, LedgerRole.Partner, counsellor, pairId))
            : NotFound;
    }

    /// <summary>
    /// Whether this reader may add a plan line of this kind: the graduate's counsellors any kind, a
    /// partner counsellor advice only, the centre none (it sets key groups and assigns counsellors).
    /// </summary>
    public static Refusal? MayWrite(this LedgerReader reader, string kind) => reader.Role switch
    {
        LedgerRole.Counsellor => null,
        LedgerRole.Partner when kind == PlanEntryKinds.Advice => null,
        LedgerRole.Partner => PartnerOnlyAdvises,
        _ => NotOwnCounsellor,
    };

    /// <summary>Records a read or change of a graduate's entry; saved with the caller's next SaveChanges.</summary>
    public static void AuditLedger(this JobFairDb db, TimeProvider time, LedgerReader reader, string action, Guid studentId, string? detail = null) =>
        db.Audit(time, reader.UserId, reader.AuditRole, action, Subject, studentId,
            detail is null ? reader.AuditDetail : reader.AuditDetail is null ? detail : $"{detail}; {reader.AuditDetail}");
}
