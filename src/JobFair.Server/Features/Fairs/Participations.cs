using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Fairs;

public sealed record ParticipationRequested(Guid FairId, Guid EmployerId, string EmployerName) : IDomainEvent;
public sealed record EmployerInvitedToFair(Guid FairId, Guid EmployerId) : IDomainEvent;
public sealed record ParticipationDecided(Guid FairId, Guid EmployerId, string Status) : IDomainEvent;

public sealed record ParticipationResponse(Guid FairId, Guid EmployerId, string Status, string? Message, string? Reason,
    DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt);

/// <summary>
/// Employers join fairs by asking (a host vets them) or by accepting a host's direct invitation
/// (定向邀请). Each step is a conditional update on the one (fair, employer) row, so racing
/// requests and decisions cannot both take effect.
/// </summary>
internal static class Participations
{
    public sealed record AskRequest(string? Message);
    public sealed record InviteRequest(Guid EmployerId, string? Message);
    public sealed record DecisionRequest(bool Approve, string? Reason);

    internal sealed class AskValidator : AbstractValidator<AskRequest>
    {
        public AskValidator() => RuleFor(r => r.Message).MaximumLength(1000);
    }

    internal sealed class InviteValidator : AbstractValidator<InviteRequest>
    {
        public InviteValidator()
        {
            RuleFor(r => r.EmployerId).NotEmpty();
            RuleFor(r => r.Message).MaximumLength(1000);
        }
    }

    internal sealed class DecisionValidator : AbstractValidator<DecisionRequest>
    {
        public DecisionValidator()
        {
            // Two rules: a When on one chain would drop the length check for approvals too.
            RuleFor(r => r.Reason).MaximumLength(1000);
            RuleFor(r => r.Reason).NotEmpty().When(r => !r.Approve).WithMessage("拒绝时请说明原因 (a rejection needs a reason)");
        }
    }

    public static void Map(IEndpointRouteBuilder recruiters, IEndpointRouteBuilder centres)
    {
        recruiters.MapPost("/api/fairs/{id:guid}/participations", Ask).Validate<AskRequest>().Idempotent()
            .WithSummary("A recruiter asks for their employer to join a published fair; a host then vets it.");
        recruiters.MapPost("/api/fairs/{id:guid}/participations/accept", AcceptInvitation)
            .WithSummary("A recruiter accepts a host's direct invitation; the employer is then approved.");
        recruiters.MapGet("/api/employers/me/participations", Mine).Validate<PageQuery>()
            .WithSummary("The caller's employer's participations in fairs.");
        centres.MapGet("/api/fairs/{id:guid}/participations", List).Validate<ListQuery>()
            .WithSummary("A host lists the fair's participations, with employer details; filter by status.");
        centres.MapPost("/api/fairs/{id:guid}/participations/{employerId:guid}/decision", Decide).Validate<DecisionRequest>()
            .WithSummary("A host approves or rejects (with a reason) a pending request.");
        centres.MapPost("/api/fairs/{id:guid}/invitations", Invite).Validate<InviteRequest>().Idempotent()
            .WithSummary("A host invites an employer directly (定向邀请); it is approved once the employer accepts.");
    }

    private static async Task<Results<Created<ParticipationResponse>, ProblemHttpResult>> Ask(
        Guid id, AskRequest request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        if (await current.EmployerAsync(ct) is not { } employerId) return Employers.Problems.NotRecruiter;
        var fair = await db.FindVisibleAsync(id, current, ct);
        if (fair is null) return Problem.NotFound("fair");
        var now = time.GetUtcNow();
        if (FairStatus.Effective(fair.Status, fair.EndsAt, now) != FairStatus.Published)
            return fair.Status == FairStatus.Draft ? Problem.Conflict("fair_not_published", "This fair is not open yet.") : FairAccess.Closed();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var asked = await OpenAsync(db, id, employerId, ParticipationStatus.Pending, request.Message, now, ct);
        if (asked == 0)
        {
            var status = await db.Participations.Where(p => p.FairId == id && p.EmployerId == employerId).Select(p => p.Status).SingleAsync(ct);
            return status switch
            {
                ParticipationStatus.Pending => Problem.Conflict("already_requested", "Your request is waiting for the hosts."),
                ParticipationStatus.Invited => Problem.Conflict("already_invited", "The hosts have invited you: accept the invitation instead."),
                _ => Problem.Conflict("already_approved", "Your employer already takes part in this fair."),
            };
        }
        var name = await db.Employers.Where(e => e.Id == employerId).Select(e => e.Name).SingleAsync(ct);
        db.Publish(new ParticipationRequested(id, employerId, name), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/fairs/{id}/participations/{employerId}", await LoadAsync(db, id, employerId, ct));
    }

    private static async Task<Results<Created<ParticipationResponse>, ProblemHttpResult, ValidationProblem>> Invite(
        Guid id, InviteRequest request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var (fair, refusal) = await db.FindForHostAsync(id, current, ct);
        if (refusal is not null) return refusal;
        var now = time.GetUtcNow();
        if (FairStatus.Effective(fair!.Status, fair.EndsAt, now) == FairStatus.Closed) return FairAccess.Closed();
        if (!await db.Employers.AnyAsync(e => e.Id == request.EmployerId, ct)) return Problem.Invalid("employerId", "No such employer.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var invited = await OpenAsync(db, id, request.EmployerId, ParticipationStatus.Invited, request.Message, now, ct);
        if (invited == 0)
            return Problem.Conflict("already_participating",
                "This employer has already asked, been invited or been approved; decide its request instead.");
        db.Publish(new EmployerInvitedToFair(id, request.EmployerId), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/fairs/{id}/participations/{request.EmployerId}", await LoadAsync(db, id, request.EmployerId, ct));
    }

    private static async Task<Results<Ok<ParticipationResponse>, ProblemHttpResult>> AcceptInvitation(
        Guid id, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        if (await current.EmployerAsync(ct) is not { } employerId) return Employers.Problems.NotRecruiter;
        var fair = await db.FindVisibleAsync(id, current, ct);
        if (fair is null) return Problem.NotFound("fair");
        var now = time.GetUtcNow();
        if (FairStatus.Effective(fair.Status, fair.EndsAt, now) == FairStatus.Closed) return FairAccess.Closed();
        return await SetDecisionAsync(db, id, employerId, ParticipationStatus.Invited, ParticipationStatus.Approved, null,
            current.Id!.Value, time, "not_invited", "This employer has no open invitation to this fair.", ct);
    }

    private static async Task<Results<Ok<ParticipationResponse>, ProblemHttpResult>> Decide(
        Guid id, Guid employerId, DecisionRequest request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var (fair, refusal) = await db.FindForHostAsync(id, current, ct);
        if (refusal is not null) return refusal;
        if (!await db.Participations.AnyAsync(p => p.FairId == id && p.EmployerId == employerId, ct))
            return Problem.NotFound("participation");
        var status = request.Approve ? ParticipationStatus.Approved : ParticipationStatus.Rejected;
        return await SetDecisionAsync(db, fair!.Id, employerId, ParticipationStatus.Pending, status, request.Reason?.Trim(),
            current.Id!.Value, time, "not_pending", "Only a pending request can be decided.", ct);
    }

    /// <summary>
    /// Inserts the (fair, employer) row with this status, or turns an earlier rejection into it;
    /// any other existing row stays as it is. Returns 0 when nothing changed.
    /// </summary>
    private static Task<int> OpenAsync(JobFairDb db, Guid fairId, Guid employerId, string status, string? message,
        DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO participations (fair_id, employer_id, status, message, requested_at)
            VALUES ({fairId}, {employerId}, {status}, {message}, {now})
            ON CONFLICT (fair_id, employer_id) DO UPDATE
              SET status = excluded.status, message = excluded.message, requested_at = excluded.requested_at,
                  reason = NULL, decided_at = NULL, decided_by = NULL
              WHERE participations.status = {ParticipationStatus.Rejected}
            """, ct);

    private static async Task<Results<Ok<ParticipationResponse>, ProblemHttpResult>> SetDecisionAsync(
        JobFairDb db, Guid fairId, Guid employerId, string from, string to, string? reason, Guid by, TimeProvider time,
        string refusalCode, string refusal, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Participations
            .Where(p => p.FairId == fairId && p.EmployerId == employerId && p.Status == from)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, to).SetProperty(p => p.Reason, reason)
                .SetProperty(p => p.DecidedAt, now).SetProperty(p => p.DecidedBy, by), ct);
        if (changed == 0) return Problem.Conflict(refusalCode, refusal);
        db.Publish(new ParticipationDecided(fairId, employerId, to), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await LoadAsync(db, fairId, employerId, ct));
    }

    public sealed record ListQuery(string? Status, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class ListValidator : AbstractValidator<ListQuery>
    {
        public ListValidator()
        {
            RuleFor(q => q.Status).Must(s => s is null || ParticipationStatus.All.Contains(s))
                .WithMessage("status must be pending, invited, approved or rejected");
            PagingRules.Add(this, q => q.Paging);
        }
    }

    public sealed record ParticipationWithEmployer(Guid FairId, Guid EmployerId, string Status, string? Message, string? Reason,
        DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, EmployerResponse Employer);

    private static async Task<Results<Ok<Page<ParticipationWithEmployer>>, ProblemHttpResult>> List(
        Guid id, [AsParameters] ListQuery query, CurrentUser current, JobFairDb db, CancellationToken ct)
    {
        var (_, refusal) = await db.FindForHostAsync(id, current, ct);
        if (refusal is not null) return refusal;
        var rows = db.Participations.AsNoTracking().Where(p => p.FairId == id);
        if (query.Status is { } status) rows = rows.Where(p => p.Status == status);
        var paging = query.Paging;
        var items = await rows.OrderBy(p => p.RequestedAt).ThenBy(p => p.EmployerId)
            .Skip(paging.Skip).Take(paging.Size)
            .Select(p => new ParticipationWithEmployer(p.FairId, p.EmployerId, p.Status, p.Message, p.Reason, p.RequestedAt, p.DecidedAt,
                new EmployerResponse(p.Employer.Id, p.Employer.Name, p.Employer.CreditCode, p.Employer.Industry,
                    p.Employer.City, p.Employer.Size, p.Employer.CreatedAt)))
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<ParticipationWithEmployer>(items, await rows.CountAsync(ct)));
    }

    public sealed record MyParticipation(Guid FairId, string FairTitle, string Status, string? Reason, DateTimeOffset RequestedAt);

    private static async Task<Results<Ok<Page<MyParticipation>>, ProblemHttpResult>> Mine(
        [AsParameters] PageQuery query, CurrentUser current, JobFairDb db, CancellationToken ct)
    {
        if (await current.EmployerAsync(ct) is not { } employerId) return Employers.Problems.NotRecruiter;
        var rows = db.Participations.AsNoTracking().Where(p => p.EmployerId == employerId);
        var items = await rows.Join(db.Fairs, p => p.FairId, f => f.Id, (p, f) => new { f.Id, f.Title, p.Status, p.Reason, p.RequestedAt })
            .OrderByDescending(x => x.RequestedAt).ThenBy(x => x.Id).Skip(query.Paging.Skip).Take(query.Paging.Size)
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<MyParticipation>(
            items.Select(x => new MyParticipation(x.Id, x.Title, x.Status, x.Reason, x.RequestedAt)).ToList(), await rows.CountAsync(ct)));
    }

    private static Task<ParticipationResponse> LoadAsync(JobFairDb db, Guid fairId, Guid employerId, CancellationToken ct) =>
        db.Participations.AsNoTracking().Where(p => p.FairId == fairId && p.EmployerId == employerId)
            .Select(p => new ParticipationResponse(p.FairId, p.EmployerId, p.Status, p.Message, p.Reason, p.RequestedAt, p.DecidedAt))
            .SingleAsync(ct);
}
