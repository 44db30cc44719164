using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance;

/// <summary>A counsellor's open plan actions across their graduates, earliest due first; <c>overdue=true</c> for those past due.</summary>
public sealed class ListPlanActions(JobFairDb db, TimeProvider time, IValidator<ListPlanActions.Query> validator) : IUseCase
{
    public sealed record Query(bool? Overdue, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => PagingRules.Add(this, q => q.Paging);
    }

    public sealed record Item(Guid Id, Guid StudentId, string StudentName, string Major, string Text, DateTimeOffset DueAt, bool Overdue,
        DateTimeOffset CreatedAt);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/counsellors/me/actions", ([AsParameters] Query query, CurrentUser caller, ListPlanActions list, CancellationToken ct) =>
                list.RunAsync(caller, query, ct).ToOk())
            .RequireAuthorization(Policies.Counsellor)
            .Refuses(Refusal.Invalid("pageSize", "between 1 and 100"), LedgerAccess.NotCounsellor)
            .WithSummary("The counsellor's open plan actions, earliest due first; overdue=true for those past their due time. Audited.");

    public async Task<Outcome<Page<Item>>> RunAsync(CurrentUser caller, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.CounsellorAsync(ct) is not { } counsellor) return LedgerAccess.NotCounsellor;
        var now = time.GetUtcNow();
        var actions = db.PlanEntries.AsNoTracking().Where(e => e.Kind == PlanEntryKinds.Action && e.DoneAt == null)
            .Join(db.StudentsOf(counsellor), e => e.StudentId, s => s.Id, (e, s) => new { e, s.Name, s.Major });
        if (query.Overdue == true) actions = actions.Where(x => x.e.DueAt < now);
        var paging = query.Paging;
        var page = await actions.OrderBy(x => x.e.DueAt).ThenBy(x => x.e.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);

        var reader = new LedgerReader(caller.Id!.Value, LedgerRole.Counsellor, counsellor, null);
        foreach (var studentId in page.Select(x => x.e.StudentId).Distinct()) db.AuditLedger(time, reader, "ledger_listed", studentId);
        await db.SaveChangesAsync(ct);
        return new Page<Item>(page.Select(x => new Item(x.e.Id, x.e.StudentId, x.Name, x.Major, x.e.Text, x.e.DueAt!.Value, x.e.DueAt < now,
            x.e.CreatedAt)).ToList(), await actions.CountAsync(ct));
    }
}
