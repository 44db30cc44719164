using System.Runtime.CompilerServices;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Positions;

namespace JobFair.Server.Features.Guidance.Reminders;

/// <summary>How quickly one employer (or the whole fair) answers the resumes it receives at a fair.</summary>
public sealed record ResponseFigures(int Applications, int Responded, double? ResponseRate, double? MedianFirstResponseHours, int Awaiting,
    int Overdue);

public sealed record EmployerResponsiveness(EmployerRef Employer, int Applications, int Responded, double? ResponseRate,
    double? MedianFirstResponseHours, int Awaiting, int Overdue);

/// <summary>The list shape with the fair's own figures beside it.</summary>
public sealed record Responsiveness(IReadOnlyList<EmployerResponsiveness> Items, int Total, ResponseFigures Fair);

/// <summary>
/// A host centre sees every employer's responsiveness at the fair, least responsive first (most
/// overdue, then lowest response rate). An application counts once it is delivered, unless the
/// student withdrew it before the employer did anything; it is responded to from the employer's
/// first step on it (viewed, shortlisted, invited, rejected); the response rate is responded over
/// counted; the median time to first response is taken over those responded to, in hours;
/// awaiting are still submitted, overdue those of them delivered 7 days ago or more.
/// </summary>
public sealed class GetResponsiveness(JobFairDb db, TimeProvider time, IValidator<PageQuery> validator) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/fairs/{id:guid}/responsiveness",
                (Guid id, [AsParameters] PageQuery query, CurrentUser caller, GetResponsiveness get, CancellationToken ct) =>
                    get.RunAsync(caller, id, query, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.Invalid("pageSize", "at most 100"), FairAccess.NotFound, FairAccess.NotHost)
            .WithSummary("Each employer's response rate and median time to first response at the fair, least responsive first, " +
                         "with the fair's own figures (host centres).");

    /// <summary>One employer's figures; property names are the SQL column aliases.</summary>
    private sealed record Row(Guid EmployerId, string Name, int Applications, int Responded, double? MedianHours, int Awaiting, int Overdue,
        int Total);

    private sealed record FairRow(int Applications, int Responded, double? MedianHours, int Awaiting, int Overdue);

    /// <summary>
    /// The fair's counted applications with their first response. Arguments: {0} fair, {1} overdue
    /// before, then the caller's own.
    /// </summary>
    private const string Counted = $$"""
        WITH counted AS (
            SELECT a.id, a.employer_id, a.status, a.created_at, fr.at AS first_response
            FROM applications a
            LEFT JOIN LATERAL (SELECT min(t.at) AS at FROM application_transitions t
                               WHERE t.application_id = a.id AND t.by_role = '{{Roles.Recruiter}}') fr ON true
            WHERE a.fair_id = {0} AND NOT (a.status = '{{ApplicationStatus.Withdrawn}}' AND fr.at IS NULL)
        )
        """;

    private const string Figures = $$"""
        count(c.id)::int AS "Applications", count(c.first_response)::int AS "Responded",
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.first_response - c.created_at) / 3600.0) AS "MedianHours",
        count(*) FILTER (WHERE c.status = '{{ApplicationStatus.Submitted}}')::int AS "Awaiting",
        count(*) FILTER (WHERE c.status = '{{ApplicationStatus.Submitted}}' AND c.created_at <= {1})::int AS "Overdue"
        """;

    public async Task<Outcome<Responsiveness>> RunAsync(CurrentUser caller, Guid fairId, PageQuery query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        var found = await db.FindForHostAsync(fairId, caller, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var overdueBefore = time.GetUtcNow() - Unread.OverdueAfter;
        var paging = query.Paging;
        var rows = await db.Database.SqlQuery<Row>(FormattableStringFactory.Create($$"""
            {{Counted}}, present AS (
                SELECT employer_id FROM participations WHERE fair_id = {0} AND status = '{{ParticipationStatus.Approved}}'
                UNION SELECT employer_id FROM counted
            ), per AS (
                SELECT p.employer_id, {{Figures}}
                FROM present p LEFT JOIN counted c ON c.employer_id = p.employer_id
                GROUP BY p.employer_id
            )
            SELECT per.employer_id AS "EmployerId", e.name AS "Name", per."Applications", per."Responded", per."MedianHours",
                   per."Awaiting", per."Overdue", count(*) OVER ()::int AS "Total"
            FROM per JOIN employers e ON e.id = per.employer_id
            ORDER BY per."Overdue" DESC, per."Responded"::float8 / NULLIF(per."Applications", 0) ASC NULLS LAST, e.name, e.id
            LIMIT {2} OFFSET {3}
            """, fairId, overdueBefore, paging.Size, paging.Skip))
            .ToListAsync(ct);
        var fair = await db.Database.SqlQuery<FairRow>(FormattableStringFactory.Create($$"""
            {{Counted}}
            SELECT {{Figures}} FROM counted c
            """, fairId, overdueBefore)).SingleAsync(ct);
        var total = rows.Count > 0 ? rows[0].Total : await CountEmployersAsync(fairId, ct);
        return new Responsiveness(
            rows.Select(r => new EmployerResponsiveness(new EmployerRef(r.EmployerId, r.Name), r.Applications, r.Responded,
                Rate(r.Responded, r.Applications), r.MedianHours, r.Awaiting, r.Overdue)).ToList(),
            total,
            new ResponseFigures(fair.Applications, fair.Responded, Rate(fair.Responded, fair.Applications), fair.MedianHours, fair.Awaiting,
                fair.Overdue));
    }

    private static double? Rate(int responded, int applications) => applications == 0 ? null : (double)responded / applications;

    private Task<int> CountEmployersAsync(Guid fairId, CancellationToken ct) =>
        db.Participations.Where(p => p.FairId == fairId && p.Status == ParticipationStatus.Approved).Select(p => p.EmployerId)
            .Union(db.Applications.Where(a => a.FairId == fairId).Select(a => a.EmployerId))
            .CountAsync(ct);
}
