using System.Runtime.CompilerServices;
using JobFair.Server.Features.Accounts;
using K = JobFair.Server.Features.Guidance.PlanEntryKinds;
using S = JobFair.Server.Features.Applications.ApplicationStatus;

namespace JobFair.Server.Features.Guidance;

/// <summary>
/// How the ledger (一人一策) of one university stands, in counts only: the whole university, each
/// counsellor's graduates and each key group. A graduate is looking, offered (an offer waits for
/// their answer) or signed, as the ledger says; uncontacted are those not signed whom nobody
/// contacted in 7 days (or ever); an overdue action is an open plan action past its due time.
/// A graduate looked after by two counsellors counts for each, and once in the university's row.
/// </summary>
public sealed class GetGuidanceFigures(JobFairDb db, TimeProvider time) : IUseCase
{
    public sealed record Figures(int Graduates, int Looking, int Offered, int Signed, int Uncontacted, int NeverContacted, int OpenActions,
        int OverdueActions, int WithOverdue);

    public sealed record CounsellorFigures(Guid CounsellorId, string Name, string Department, Figures Figures);

    public sealed record KeyGroupFigures(string Code, Figures Figures);

    /// <summary>The figures; <c>NoCounsellor</c> those of the graduates no counsellor looks after (neither by major nor assigned).</summary>
    public sealed record Response(Guid UniversityId, DateTimeOffset At, Figures University, Figures NoCounsellor,
        IReadOnlyList<CounsellorFigures> ByCounsellor, IReadOnlyList<KeyGroupFigures> ByKeyGroup);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/universities/{id:guid}/guidance-figures", (Guid id, CurrentUser caller, GetGuidanceFigures get, CancellationToken ct) =>
                get.RunAsync(caller, id, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.NotFound("university"), LedgerAccess.NotOwnUniversity)
            .WithSummary("A centre's figures of its ledger (一人一策): graduates looking, offered, signed, not contacted for 7 days, " +
                         "open and overdue plan actions, for the university, per counsellor and per key group. Counts only; audited.");

    /// <summary>One row of figures per group; property names are the SQL column aliases.</summary>
    private sealed record Row(string Kind, Guid? Id, string? Code, int Graduates, int Looking, int Offered, int Signed, int Uncontacted,
        int NeverContacted, int OpenActions, int OverdueActions, int WithOverdue);

    private const string Counts = """
        count(*)::int AS "Graduates",
        count(*) FILTER (WHERE NOT g.signed AND NOT g.offered)::int AS "Looking",
        count(*) FILTER (WHERE NOT g.signed AND g.offered)::int AS "Offered",
        count(*) FILTER (WHERE g.signed)::int AS "Signed",
        count(*) FILTER (WHERE NOT g.signed AND (g.last_contact IS NULL OR g.last_contact < {1}))::int AS "Uncontacted",
        count(*) FILTER (WHERE NOT g.signed AND g.last_contact IS NULL)::int AS "NeverContacted",
        coalesce(sum(g.open_actions), 0)::int AS "OpenActions",
        coalesce(sum(g.overdue_actions), 0)::int AS "OverdueActions",
        count(*) FILTER (WHERE g.overdue_actions > 0)::int AS "WithOverdue"
        """;

    public async Task<Outcome<Response>> RunAsync(CurrentUser caller, Guid universityId, CancellationToken ct)
    {
        if (await caller.CentreUniversityAsync(ct) != universityId) return LedgerAccess.NotOwnUniversity;
        var now = time.GetUtcNow();
        // Arguments: {0} university, {1} contacted since, {2} now.
        var rows = await db.Database.SqlQuery<Row>(FormattableStringFactory.Create($$"""
            WITH g AS (
                SELECT s.id, s.major,
                       EXISTS (SELECT 1 FROM applications a WHERE a.student_id = s.id AND a.status = '{{S.Signed}}') AS signed,
                       EXISTS (SELECT 1 FROM applications a WHERE a.student_id = s.id AND a.status = '{{S.Offered}}') AS offered,
                       (SELECT max(e.contacted_at) FROM plan_entries e WHERE e.student_id = s.id AND e.kind = '{{K.Contact}}') AS last_contact,
                       (SELECT count(*) FROM plan_entries e
                        WHERE e.student_id = s.id AND e.kind = '{{K.Action}}' AND e.done_at IS NULL) AS open_actions,
                       (SELECT count(*) FROM plan_entries e
                        WHERE e.student_id = s.id AND e.kind = '{{K.Action}}' AND e.done_at IS NULL AND e.due_at < {2}) AS overdue_actions
                FROM students s WHERE s.university_id = {0}
            ), c AS (
                SELECT id, majors FROM counsellors WHERE university_id = {0}
            ), looked_after AS (
                SELECT c.id AS counsellor_id, g.id AS student_id FROM c JOIN g ON g.major = ANY (c.majors)
                UNION
                SELECT la.counsellor_id, la.student_id FROM ledger_assignments la JOIN c ON c.id = la.counsellor_id
            )
            SELECT 'university' AS "Kind", NULL::uuid AS "Id", NULL AS "Code", {{Counts}} FROM g
            UNION ALL
            SELECT 'no_ledger', NULL, NULL, {{Counts}} FROM g WHERE NOT EXISTS (SELECT 1 FROM looked_after l WHERE l.student_id = g.id)
            UNION ALL
            SELECT 'counsellor', c.id, NULL, {{Counts}} FROM c JOIN looked_after l ON l.counsellor_id = c.id JOIN g ON g.id = l.student_id
            GROUP BY c.id
            UNION ALL
            SELECT 'key_group', NULL, k.code, {{Counts}} FROM student_key_groups k JOIN g ON g.id = k.student_id
            GROUP BY k.code
            """, universityId, now - LedgerRows.ContactInterval, now)).ToListAsync(ct);

        static Figures Of(Row? r) => r is null
            ? new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0)
            : new Figures(r.Graduates, r.Looking, r.Offered, r.Signed, r.Uncontacted, r.NeverContacted, r.OpenActions, r.OverdueActions,
                r.WithOverdue);

        var byId = rows.Where(r => r.Kind == "counsellor").ToDictionary(r => r.Id!.Value);
        var counsellors = await db.Counsellors.AsNoTracking().Where(c => c.UniversityId == universityId)
            .Select(c => new { c.Id, c.Name, c.Department }).ToListAsync(ct);
        var byCounsellor = counsellors
            .Select(c => new CounsellorFigures(c.Id, c.Name, c.Department, Of(byId.GetValueOrDefault(c.Id))))
            .OrderByDescending(c => c.Figures.Looking).ThenBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.CounsellorId).ToList();
        var byCode = rows.Where(r => r.Kind == "key_group").ToDictionary(r => r.Code!);
        var byKeyGroup = KeyGroups.All.Select(k => new KeyGroupFigures(k.Code, Of(byCode.GetValueOrDefault(k.Code)))).ToList();

        // Counts of the ledger, not entries: one audit line for the read, as a centre's other ledger reads are audited.
        db.Audit(time, caller.Id, Roles.Centre, "guidance_figures_read", "university", universityId);
        await db.SaveChangesAsync(ct);
        return new Response(universityId, now, Of(rows.SingleOrDefault(r => r.Kind == "university")),
            Of(rows.SingleOrDefault(r => r.Kind == "no_ledger")), byCounsellor, byKeyGroup);
    }
}
