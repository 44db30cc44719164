using System.Runtime.CompilerServices;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Positions;

namespace JobFair.Server.Features.Guidance.Reminders;

/// <summary>
/// A centre sees how every employer answers the resumes delivered at its university's fairs (all
/// the fairs of its 一帮一 pairs), least responsive first: counted, responded to and median time to
/// first response as at one fair (<see cref="GetResponsiveness"/>); still unread, unread past
/// <see cref="Unread.RemindAfter"/> (the employer was reminded) and past <see cref="Unread.OverdueAfter"/> (overdue).
/// </summary>
public sealed class ListEmployerResponsiveness(JobFairDb db, TimeProvider time, IValidator<PageQuery> validator) : IUseCase
{
    public sealed record Item(EmployerRef Employer, int Fairs, int Applications, int Responded, double? ResponseRate,
        double? MedianFirstResponseHours, int Unread, int UnreadAfterReminder, int Overdue);

    /// <summary>All employers' resumes together (not only this page's).</summary>
    public sealed record Totals(int Applications, int Responded, int Unread, int UnreadAfterReminder, int Overdue);

    /// <summary>The list shape, with the totals over every employer beside it.</summary>
    public sealed record Listing(IReadOnlyList<Item> Items, int Total, Totals All);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/universities/{id:guid}/responsiveness",
                (Guid id, [AsParameters] PageQuery query, CurrentUser caller, ListEmployerResponsiveness list, CancellationToken ct) =>
                    list.RunAsync(caller, id, query, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.NotFound("university"), Refusal.Invalid("pageSize", "at most 100"), LedgerAccess.NotOwnUniversity)
            .WithSummary("Each employer's answers to the resumes delivered at the university's fairs: response rate, median hours to a " +
                         "first response, still unread, unread after 3 days and after 7 days; least responsive first (centre of that university).");

    /// <summary>One employer's figures; property names are the SQL column aliases.</summary>
    private sealed record Row(Guid EmployerId, string Name, int Fairs, int Applications, int Responded, double? MedianHours, int Unread,
        int Reminded, int Overdue, int Total, int AllApplications, int AllResponded, int AllUnread, int AllReminded, int AllOverdue);

    public async Task<Outcome<Listing>> RunAsync(CurrentUser caller, Guid universityId, PageQuery query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.CentreUniversityAsync(ct) != universityId) return LedgerAccess.NotOwnUniversity;
        var paging = query.Paging;
        var rows = await RowsAsync(universityId, paging.Size, paging.Skip, ct);
        // A page past the end still says how many there are.
        var first = rows.Count > 0 || paging.Skip == 0 ? rows.FirstOrDefault() : (await RowsAsync(universityId, 1, 0, ct)).FirstOrDefault();
        var all = first is null ? new Totals(0, 0, 0, 0, 0)
            : new Totals(first.AllApplications, first.AllResponded, first.AllUnread, first.AllReminded, first.AllOverdue);
        return new Listing(rows.Select(r => new Item(new EmployerRef(r.EmployerId, r.Name), r.Fairs, r.Applications, r.Responded,
            r.Applications == 0 ? null : (double)r.Responded / r.Applications, r.MedianHours, r.Unread, r.Reminded, r.Overdue)).ToList(),
            first?.Total ?? 0, all);
    }

    private async Task<List<Row>> RowsAsync(Guid universityId, int limit, int offset, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // As at one fair: an application withdrawn before the employer did anything is not counted;
        // the first response is the employer's first step on it.
        return await db.Database.SqlQuery<Row>(FormattableStringFactory.Create($$"""
            WITH fairs AS (
                SELECT f.id FROM fairs f JOIN pairs p ON p.id = f.pair_id WHERE {0} IN (p.supported_id, p.supporting_id)
            ), counted AS (
                SELECT a.id, a.employer_id, a.fair_id, a.status, a.created_at, fr.at AS first_response
                FROM applications a
                LEFT JOIN LATERAL (SELECT min(t.at) AS at FROM application_transitions t
                                   WHERE t.application_id = a.id AND t.by_role = '{{Roles.Recruiter}}') fr ON true
                WHERE a.fair_id IN (SELECT id FROM fairs) AND NOT (a.status = '{{ApplicationStatus.Withdrawn}}' AND fr.at IS NULL)
            ), per AS (
                SELECT c.employer_id, count(DISTINCT c.fair_id)::int AS "Fairs", count(*)::int AS "Applications",
                       count(c.first_response)::int AS "Responded",
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.first_response - c.created_at) / 3600.0) AS "MedianHours",
                       count(*) FILTER (WHERE c.status = '{{ApplicationStatus.Submitted}}')::int AS "Unread",
                       count(*) FILTER (WHERE c.status = '{{ApplicationStatus.Submitted}}' AND c.created_at <= {1})::int AS "Reminded",
                       count(*) FILTER (WHERE c.status = '{{ApplicationStatus.Submitted}}' AND c.created_at <= {2})::int AS "Overdue"
                FROM counted c GROUP BY c.employer_id
            )
            SELECT per.employer_id AS "EmployerId", e.name AS "Name", per."Fairs", per."Applications", per."Responded", per."MedianHours",
                   per."Unread", per."Reminded", per."Overdue", count(*) OVER ()::int AS "Total",
                   sum(per."Applications") OVER ()::int AS "AllApplications", sum(per."Responded") OVER ()::int AS "AllResponded",
                   sum(per."Unread") OVER ()::int AS "AllUnread", sum(per."Reminded") OVER ()::int AS "AllReminded",
                   sum(per."Overdue") OVER ()::int AS "AllOverdue"
            FROM per JOIN employers e ON e.id = per.employer_id
            ORDER BY per."Overdue" DESC, per."Reminded" DESC, per."Responded"::float8 / per."Applications" ASC, e.name, e.id
            LIMIT {3} OFFSET {4}
            """, universityId, now - Unread.RemindAfter, now - Unread.OverdueAfter, limit, offset)).ToListAsync(ct);
    }
}
