using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Employers;

/// <summary>The admin finds employers by name or credit code, suspended ones alone if asked.</summary>
public sealed class ListEmployersForAdmin(JobFairDb db, IValidator<ListEmployersForAdmin.Query> validator) : IUseCase
{
    public sealed record Query(string? Q, bool? Suspended, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    public sealed record Item(Guid Id, string Name, string CreditCode, string City, DateTimeOffset CreatedAt, DateTimeOffset? SuspendedAt,
        int Recruiters);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).MaximumLength(100);
            PagingRules.Add(this, q => q.Paging);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/employers", ([AsParameters] Query query, ListEmployersForAdmin list, CancellationToken ct) =>
                list.RunAsync(query, ct).ToOk())
            .RequireAuthorization(Policies.Admin)
            .Refuses(Refusal.Invalid("pageSize", "1-100"))
            .WithSummary("Admin: employers by name or credit code (q), suspended=true for suspended ones only; newest first.");

    public async Task<Outcome<Page<Item>>> RunAsync(Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        var employers = db.Employers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var pattern = Like.Containing(query.Q);
            employers = employers.Where(e => EF.Functions.ILike(e.Name, pattern) || EF.Functions.ILike(e.CreditCode, pattern));
        }
        if (query.Suspended is { } suspended) employers = employers.Where(e => (e.SuspendedAt != null) == suspended);
        var paging = query.Paging;
        var items = await employers.OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Id).Skip(paging.Skip).Take(paging.Size)
            .Select(e => new Item(e.Id, e.Name, e.CreditCode, e.City, e.CreatedAt, e.SuspendedAt, db.Users.Count(u => u.EmployerId == e.Id)))
            .ToListAsync(ct);
        return new Page<Item>(items, await employers.CountAsync(ct));
    }
}
