using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Fairs;

/// <summary>
/// The fairs a recruiter can work in: the published fairs that have not ended, soonest first, each
/// with where the caller's employer stands in it (not asked yet, pending, invited, approved, or
/// rejected with the hosts' reason). Filtered by that standing: <c>approved</c> lists the fairs a
/// posting may be shared into.
/// </summary>
public sealed class ListFairsForEmployer(JobFairDb db, TimeProvider time, IValidator<ListFairsForEmployer.Query> validator) : IUseCase
{
    /// <summary><paramref name="Status"/>: the employer's participation status, or <c>none</c> for fairs it has not asked to join.</summary>
    public sealed record Query(string? Q, string? Status, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).MaximumLength(100);
            RuleFor(q => q.Status).Must(s => s is null or None || ParticipationStatus.All.Contains(s))
                .WithMessage("status must be none, pending, invited, approved or rejected");
            PagingRules.Add(this, q => q.Paging);
        }
    }

    public const string None = "none";

    /// <summary><see cref="Participation"/>: null while the employer has not asked (nor been invited).</summary>
    public sealed record Item(Guid Id, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<Host> Hosts,
        string? Participation, string? Reason);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/employers/me/fairs", ([AsParameters] Query query, CurrentUser caller, ListFairsForEmployer list, CancellationToken ct) =>
                list.RunAsync(caller, query, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(Refusal.Invalid("status", "status must be none, pending, invited, approved or rejected"), RecruiterCaller.NotRecruiter)
            .WithSummary("Published fairs that have not ended, soonest first, each with the caller's employer's participation status " +
                         "(null: not asked); status filters by it (none: not asked).");

    public async Task<Outcome<Page<Item>>> RunAsync(CurrentUser caller, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        var now = time.GetUtcNow();
        var fairs = db.Fairs.AsNoTracking().Where(f => f.Status == FairStatus.Published && f.EndsAt > now);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var pattern = Like.Containing(query.Q);
            fairs = fairs.Where(f => EF.Functions.ILike(f.Title, pattern) || EF.Functions.ILike(f.Description, pattern));
        }
        var mine = db.Participations.Where(p => p.EmployerId == employerId);
        fairs = query.Status switch
        {
            null => fairs,
            None => fairs.Where(f => !mine.Any(p => p.FairId == f.Id)),
            var status => fairs.Where(f => mine.Any(p => p.FairId == f.Id && p.Status == status)),
        };
        var paging = query.Paging;
        var rows = await fairs.OrderBy(f => f.StartsAt).ThenBy(f => f.Id).Skip(paging.Skip).Take(paging.Size)
            .Select(f => new
            {
                f.Id, f.Title, f.StartsAt, f.EndsAt,
                Supported = new Host(f.Pair.Supported.Id, f.Pair.Supported.Name),
                Supporting = new Host(f.Pair.Supporting.Id, f.Pair.Supporting.Name),
                Mine = mine.Where(p => p.FairId == f.Id).Select(p => new { p.Status, p.Reason }).SingleOrDefault(),
            })
            .ToListAsync(ct);
        return new Page<Item>(rows.Select(r => new Item(r.Id, r.Title, r.StartsAt, r.EndsAt, [r.Supported, r.Supporting],
            r.Mine?.Status, r.Mine?.Reason)).ToList(), await fairs.CountAsync(ct));
    }
}
