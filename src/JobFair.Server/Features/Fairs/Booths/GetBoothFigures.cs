using System.Runtime.CompilerServices;
using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>
/// The host centres' figures of the walk-up booths, for the fair's dashboard: per booth that had a
/// line, and for the whole fair. <c>talks</c>: talks held (served); <c>noShows</c>: called students
/// who did not come (skipped by a recruiter or after 60 seconds); <c>departed</c>: left, or sent
/// away by a closing booth or the fair's end; <c>medianWaitMinutes</c>: from joining to being
/// called; <c>medianTalkMinutes</c>: from coming into the room to the talk's end (talks whose
/// start the room saw). Medians are null until there is something to take one of.
/// </summary>
public sealed class GetBoothFigures(JobFairDb db, IValidator<PageQuery> validator) : IUseCase
{
    public sealed record Figures(int Talks, int NoShows, int Departed, int Waiting, double? MedianWaitMinutes, double? MedianTalkMinutes);

    public sealed record Booth(Guid EmployerId, string Name, int Talks, int NoShows, int Departed, int Waiting, double? MedianWaitMinutes,
        double? MedianTalkMinutes);

    public sealed record Response(IReadOnlyList<Booth> Items, int Total, Figures Totals);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/fairs/{fairId:guid}/booths/figures",
                (Guid fairId, [AsParameters] PageQuery query, CurrentUser caller, GetBoothFigures get, CancellationToken ct) =>
                    get.RunAsync(caller, fairId, query, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.Invalid("pageSize", "between 1 and 100"), FairAccess.NotFound, FairAccess.NotHost)
            .WithSummary("Host centres: the walk-up booths' figures (talks held, median wait, median talk, no-shows), per booth with a line and in total.");

    private sealed record Row(Guid EmployerId, string Name, int Talks, int NoShows, int Departed, int Waiting, double? MedianWaitMinutes,
        double? MedianTalkMinutes);

    public async Task<Outcome<Response>> RunAsync(CurrentUser caller, Guid fairId, PageQuery query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        var fair = await db.FindForHostAsync(fairId, caller, ct);
        if (fair.IsRefused(out var refusal)) return refusal;
        var paging = query.Paging;
        // The same aggregates per booth and for the whole fair; Aggregates is constant SQL text, the values are parameters.
        var rows = await db.Database.SqlQuery<Row>(FormattableStringFactory.Create($$"""
            SELECT e.employer_id AS "EmployerId", emp.name AS "Name", {{Aggregates}}
            FROM booth_queue_entries e JOIN employers emp ON emp.id = e.employer_id
            WHERE e.fair_id = {0}
            GROUP BY e.employer_id, emp.name
            ORDER BY 3 DESC, emp.name, e.employer_id
            LIMIT {1} OFFSET {2}
            """, fairId, paging.Size, paging.Skip)).ToListAsync(ct);
        var total = await db.BoothQueueEntries.Where(e => e.FairId == fairId).Select(e => e.EmployerId).Distinct().CountAsync(ct);
        var totals = (await db.Database.SqlQuery<Row>(FormattableStringFactory.Create($$"""
            SELECT {0} AS "EmployerId", '' AS "Name", {{Aggregates}}
            FROM booth_queue_entries e WHERE e.fair_id = {0}
            """, fairId)).ToListAsync(ct)).Single();
        return new Response(
            rows.Select(r => new Booth(r.EmployerId, r.Name, r.Talks, r.NoShows, r.Departed, r.Waiting, Round(r.MedianWaitMinutes),
                Round(r.MedianTalkMinutes))).ToList(),
            total,
            new Figures(totals.Talks, totals.NoShows, totals.Departed, totals.Waiting, Round(totals.MedianWaitMinutes), Round(totals.MedianTalkMinutes)));
    }

    private static double? Round(double? minutes) => minutes is { } m ? Math.Round(m, 1) : null;

    private const string Aggregates = $"""
        count(*) FILTER (WHERE e.status = '{EntryStatus.Served}')::int AS "Talks",
        count(*) FILTER (WHERE e.status = '{EntryStatus.Skipped}')::int AS "NoShows",
        count(*) FILTER (WHERE e.status = '{EntryStatus.Departed}')::int AS "Departed",
        count(*) FILTER (WHERE e.status = '{EntryStatus.Waiting}')::int AS "Waiting",
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.called_at - e.joined_at))
            FILTER (WHERE e.called_at IS NOT NULL) / 60.0)::double precision AS "MedianWaitMinutes",
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.talk_ended_at - e.entered_at))
            FILTER (WHERE e.status = '{EntryStatus.Served}' AND e.entered_at IS NOT NULL AND e.talk_ended_at IS NOT NULL) / 60.0)::double precision
            AS "MedianTalkMinutes"
        """;
}
