using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Fairs;

/// <summary>Who sees which participations: hosts their fair's, with employer details; recruiters their employer's.</summary>
public sealed class ListParticipations(JobFairDb db, IValidator<ListParticipations.Query> validator, IValidator<PageQuery> pageValidator)
    : IUseCase
{
    public sealed record Query(string? Status, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).Must(s => s is null || ParticipationStatus.All.Contains(s))
                .WithMessage("status must be pending, invited, approved or rejected");
            PagingRules.Add(this, q => q.Paging);
        }
    }

    public sealed record WithEmployer(Guid FairId, Guid EmployerId, string Status, string? Message, string? Reason,
        DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, EmployerResponse Employer)
    {
        /// <summary>What the employer did at other fairs, for vetting it.</summary>
        public EmployerHistory? History { get; init; }
    }

    /// <summary>
    /// An employer's record at fairs other than the one being vetted: the fairs it asked to join or
    /// was invited to, how many approved and rejected it, the positions it shared into them, the
    /// applications it received there, and whether the supervisor has suspended it.
    /// </summary>
    public sealed record EmployerHistory(int Fairs, int Approved, int Rejected, int Positions, int Applications, bool Suspended);

    private sealed record HistoryRow(Guid EmployerId, int Fairs, int Approved, int Rejected, int Positions, int Applications, bool Suspended);

    public sealed record OfMyEmployer(Guid FairId, string FairTitle, string Status, string? Reason, DateTimeOffset RequestedAt);

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/fairs/{id:guid}/participations", (Guid id, [AsParameters] Query query, CurrentUser caller, ListParticipations list, CancellationToken ct) =>
                list.ForHostAsync(caller, id, query, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.Invalid("status", "status must be pending, invited, approved or rejected"), FairAccess.NotFound, FairAccess.NotHost)
            .WithSummary("A host lists the fair's participations, with employer details and the employer's history at other fairs " +
                         "(history: fairs asked or invited to, approved, rejected, positions shared into them, applications received " +
                         "there, suspended); filter by status.");
        api.MapGet("/employers/me/participations", ([AsParameters] PageQuery query, CurrentUser caller, ListParticipations list, CancellationToken ct) =>
                list.ForEmployerAsync(caller, query, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(Refusal.Invalid("pageSize", "between 1 and 100"), RecruiterCaller.NotRecruiter)
            .WithSummary("The caller's employer's participations in fairs.");
    }

    public async Task<Outcome<Page<WithEmployer>>> ForHostAsync(CurrentUser caller, Guid fairId, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if ((await db.FindForHostAsync(fairId, caller, ct)).IsRefused(out var refusal)) return refusal;
        var rows = db.Participations.AsNoTracking().Where(p => p.FairId == fairId);
        if (query.Status is { } status) rows = rows.Where(p => p.Status == status);
        var paging = query.Paging;
        var items = await rows.OrderBy(p => p.RequestedAt).ThenBy(p => p.EmployerId)
            .Skip(paging.Skip).Take(paging.Size)
            .Select(p => new WithEmployer(p.FairId, p.EmployerId, p.Status, p.Message, p.Reason, p.RequestedAt, p.DecidedAt,
                new EmployerResponse(p.Employer.Id, p.Employer.Name, p.Employer.CreditCode, p.Employer.Industry,
                    p.Employer.City, p.Employer.Size, p.Employer.CreatedAt)))
            .ToListAsync(ct);
        var histories = await HistoriesAsync(fairId, [.. items.Select(i => i.EmployerId)], ct);
        return new Page<WithEmployer>([.. items.Select(i => i with { History = histories.GetValueOrDefault(i.EmployerId) })], await rows.CountAsync(ct));
    }

    public async Task<Outcome<Page<OfMyEmployer>>> ForEmployerAsync(CurrentUser caller, PageQuery query, CancellationToken ct)
    {
        if (await pageValidator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        var rows = db.Participations.AsNoTracking().Where(p => p.EmployerId == employerId);
        var paging = query.Paging;
        var items = await rows.Join(db.Fairs, p => p.FairId, f => f.Id, (p, f) => new { f.Id, f.Title, p.Status, p.Reason, p.RequestedAt })
            .OrderByDescending(x => x.RequestedAt).ThenBy(x => x.Id).Skip(paging.Skip).Take(paging.Size)
            .ToListAsync(ct);
        return new Page<OfMyEmployer>(
            items.Select(x => new OfMyEmployer(x.Id, x.Title, x.Status, x.Reason, x.RequestedAt)).ToList(), await rows.CountAsync(ct));
    }

    /// <summary>The histories of one page of employers, in one statement (each count uses the employer's index).</summary>
    private async Task<Dictionary<Guid, EmployerHistory>> HistoriesAsync(Guid fairId, Guid[] employerIds, CancellationToken ct)
    {
        if (employerIds.Length == 0) return [];
        var rows = await db.Database.SqlQuery<HistoryRow>($"""
            SELECT e.id AS "EmployerId",
                   (SELECT count(*) FROM participations p WHERE p.employer_id = e.id AND p.fair_id <> {fairId})::int AS "Fairs",
                   (SELECT count(*) FROM participations p WHERE p.employer_id = e.id AND p.fair_id <> {fairId}
                      AND p.status = {ParticipationStatus.Approved})::int AS "Approved",
                   (SELECT count(*) FROM participations p WHERE p.employer_id = e.id AND p.fair_id <> {fairId}
                      AND p.status = {ParticipationStatus.Rejected})::int AS "Rejected",
                   (SELECT count(DISTINCT pf.position_id) FROM positions po JOIN position_fairs pf ON pf.position_id = po.id
                     WHERE po.employer_id = e.id AND pf.fair_id <> {fairId})::int AS "Positions",
                   (SELECT count(*) FROM applications a WHERE a.employer_id = e.id AND a.fair_id <> {fairId})::int AS "Applications",
                   (e.suspended_at IS NOT NULL) AS "Suspended"
            FROM employers e WHERE e.id = ANY({employerIds})
            """).ToListAsync(ct);
        return rows.ToDictionary(r => r.EmployerId, r => new EmployerHistory(r.Fairs, r.Approved, r.Rejected, r.Positions, r.Applications, r.Suspended));
    }
}
