using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Positions;

namespace JobFair.Server.Features.Guidance.Reminders;

/// <summary>
/// A host centre lists the fair's applications still <c>submitted</c> <see cref="Unread.OverdueAfter"/>
/// after delivery, oldest first, with the employer to chase. Students are shown by university
/// only: the partner's centre has no business with their names.
/// </summary>
public sealed class ListOverdueApplications(JobFairDb db, TimeProvider time, IValidator<PageQuery> validator) : IUseCase
{
    public sealed record UniversityRef(Guid Id, string Name);

    public sealed record Item(Guid ApplicationId, Guid PositionId, string PositionTitle, EmployerRef Employer, UniversityRef University,
        DateTimeOffset SubmittedAt, int DaysWaiting);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/fairs/{id:guid}/overdue-applications",
                (Guid id, [AsParameters] PageQuery query, CurrentUser caller, ListOverdueApplications list, CancellationToken ct) =>
                    list.RunAsync(caller, id, query, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.Invalid("pageSize", "at most 100"), FairAccess.NotFound, FairAccess.NotHost)
            .WithSummary("The fair's applications left unread (still submitted) for 7 days or more, oldest first (host centres).");

    public async Task<Outcome<Page<Item>>> RunAsync(CurrentUser caller, Guid fairId, PageQuery query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        var found = await db.FindForHostAsync(fairId, caller, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var now = time.GetUtcNow();
        var overdueBefore = now - Unread.OverdueAfter;
        var overdue = db.Applications.AsNoTracking()
            .Where(a => a.FairId == fairId && a.Status == ApplicationStatus.Submitted && a.CreatedAt <= overdueBefore);
        var paging = query.Paging;
        var rows = await overdue
            .Join(db.Positions, a => a.PositionId, p => p.Id, (a, p) => new { a, p.Title, p.EmployerName })
            .Join(db.Universities, x => x.a.UniversityId, u => u.Id, (x, u) => new { x.a, x.Title, x.EmployerName, University = u.Name })
            .OrderBy(x => x.a.CreatedAt).ThenBy(x => x.a.Id).Skip(paging.Skip).Take(paging.Size)
            .ToListAsync(ct);
        var items = rows.Select(x => new Item(x.a.Id, x.a.PositionId, x.Title, new EmployerRef(x.a.EmployerId, x.EmployerName),
            new UniversityRef(x.a.UniversityId, x.University), x.a.CreatedAt, (int)(now - x.a.CreatedAt).TotalDays)).ToList();
        return new Page<Item>(items, await overdue.CountAsync(ct));
    }
}
