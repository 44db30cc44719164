using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Guidance;

/// <summary>
/// The ledger (一人一策台账) as a list of graduates with where each stands: a counsellor's own
/// graduates, a centre's whole university, or a partner counsellor's view of their pair's graduates
/// (without key groups). Every graduate listed is a ledger entry read, and audited as such.
/// </summary>
public sealed class ListLedger(JobFairDb db, TimeProvider time, IValidator<ListLedger.Query> validator) : IUseCase
{
    /// <summary>
    /// Filters: <c>status</c> looking, offered or signed; <c>overdue=true</c> only graduates with an action
    /// past its due time; <c>uncontacted=true</c> only graduates still looking whom nobody contacted in 7 days
    /// (or ever); <c>keyGroup</c> (not through a counsellor pair); <c>q</c> part of a name or a student number.
    /// </summary>
    public sealed record Query(string? Status, bool? Overdue, bool? Uncontacted, string? KeyGroup, string? Q, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).Must(s => s is null || LedgerStatus.All.Contains(s)).WithMessage("status must be looking, offered or signed");
            RuleFor(q => q.KeyGroup).Must(k => k is null || KeyGroups.Codes.Contains(k)).WithMessage("unknown key group");
            RuleFor(q => q.Q).MaximumLength(50);
            PagingRules.Add(this, q => q.Paging);
        }
    }

    /// <summary>One graduate as the ledger lists them; <see cref="KeyGroups"/> is null for a partner counsellor.</summary>
    public sealed record Item(Guid StudentId, string StudentNo, string Name, string Major, string Status, int Applications, int Interviews,
        int Offers, int Signed, DateTimeOffset? LastContactAt, int OpenActions, int OverdueActions, IReadOnlyList<string>? KeyGroups);

    public static readonly Refusal KeyGroupsHidden =
        Refusal.Invalid("keyGroup", "Key groups are not shown through a counsellor pair.");

    internal static void Map(IEndpointRouteBuilder api)
    {
        var invalid = Refusal.Invalid("status", "looking, offered or signed");
        api.MapGet("/counsellors/me/students", ([AsParameters] Query query, CurrentUser caller, ListLedger list, CancellationToken ct) =>
                list.ForCounsellorAsync(caller, query, ct).ToOk())
            .RequireAuthorization(Policies.Counsellor)
            .Refuses(invalid, LedgerAccess.NotCounsellor)
            .WithSummary("The counsellor's graduates (by the majors they look after, or assigned by the centre), least recently " +
                         "contacted first; filter by status, overdue=true, uncontacted=true (7 days), keyGroup, q. Audited.");
        api.MapGet("/universities/{id:guid}/ledger", (Guid id, [AsParameters] Query query, CurrentUser caller, ListLedger list, CancellationToken ct) =>
                list.ForCentreAsync(caller, id, query, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.NotFound("university"), invalid, LedgerAccess.NotOwnUniversity)
            .WithSummary("A centre's ledger of all its graduates, with key groups; the same filters. Audited.");
        api.MapGet("/counsellor-pairs/{id:guid}/students", (Guid id, [AsParameters] Query query, CurrentUser caller, ListLedger list,
                CancellationToken ct) => list.ForPartnerAsync(caller, id, query, ct).ToOk())
            .RequireAuthorization(Policies.Counsellor)
            .Refuses(invalid, KeyGroupsHidden, LedgerAccess.NotCounsellor, Refusal.NotFound("counsellor pair"))
            .WithSummary("A counsellor reads the graduates of the counsellor they are paired with (no key groups). Audited.");
    }

    public async Task<Outcome<Page<Item>>> ForCounsellorAsync(CurrentUser caller, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.CounsellorAsync(ct) is not { } counsellor) return LedgerAccess.NotCounsellor;
        return await ListAsync(db.StudentsOf(counsellor), query, new LedgerReader(caller.Id!.Value, LedgerRole.Counsellor, counsellor, null), ct);
    }

    public async Task<Outcome<Page<Item>>> ForCentreAsync(CurrentUser caller, Guid universityId, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.CentreUniversityAsync(ct) != universityId) return LedgerAccess.NotOwnUniversity;
        return await ListAsync(db.Students.Where(s => s.UniversityId == universityId), query,
            new LedgerReader(caller.Id!.Value, LedgerRole.Centre, null, null), ct);
    }

    public async Task<Outcome<Page<Item>>> ForPartnerAsync(CurrentUser caller, Guid counsellorPairId, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (query.KeyGroup is not null) return KeyGroupsHidden;
        if (await caller.CounsellorAsync(ct) is not { } counsellor) return LedgerAccess.NotCounsellor;
        var pair = await db.CounsellorPairs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == counsellorPairId &&
            (p.SupportedCounsellorId == counsellor.Id || p.SupportingCounsellorId == counsellor.Id), ct);
        if (pair is null) return Refusal.NotFound("counsellor pair");
        var partner = await db.Counsellors.AsNoTracking().SingleAsync(c => c.Id == pair.PartnerOf(counsellor.Id), ct);
        return await ListAsync(db.StudentsOf(partner), query, new LedgerReader(caller.Id!.Value, LedgerRole.Partner, counsellor, pair.Id), ct);
    }

    private async Task<Page<Item>> ListAsync(IQueryable<Student> students, Query query, LedgerReader reader, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (query.KeyGroup is { } keyGroup)
            students = students.Where(s => db.StudentKeyGroups.Any(k => k.StudentId == s.Id && k.Code == keyGroup));
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var pattern = Like.Containing(query.Q);
            var number = query.Q.Trim();
            students = students.Where(s => EF.Functions.ILike(s.Name, pattern) || s.StudentNo == number);
        }
        var rows = db.Rows(students.AsNoTracking(), now).WithStatus(query.Status);
        if (query.Overdue == true) rows = rows.Where(r => r.OverdueActions > 0);
        if (query.Uncontacted == true) rows = rows.Uncontacted(now);

        var paging = query.Paging;
        // Least recently contacted first, the never contacted before all: the top of the list is who to call next.
        var page = await rows.OrderBy(r => r.LastContactAt != null).ThenBy(r => r.LastContactAt).ThenBy(r => r.StudentNo).ThenBy(r => r.StudentId)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        var total = await rows.CountAsync(ct);
        var keyGroups = reader.SeesKeyGroups ? await db.KeyGroupsAsync(page.Select(r => r.StudentId).ToList(), ct) : null;

        foreach (var row in page) db.AuditLedger(time, reader, "ledger_listed", row.StudentId);
        await db.SaveChangesAsync(ct);
        return new Page<Item>(page.Select(r => new Item(r.StudentId, r.StudentNo, r.Name, r.Major, r.Status, r.Applications, r.Interviews,
            r.Offers, r.Signed, r.LastContactAt, r.OpenActions, r.OverdueActions,
            keyGroups is null ? null : keyGroups.GetValueOrDefault(r.StudentId) ?? [])).ToList(), total);
    }
}
