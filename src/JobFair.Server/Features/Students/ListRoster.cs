using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Students;

/// <summary>
/// A centre reads its own roster with each row's claim status and whether it holds a usable
/// activation code (never the code: only its hash is kept). Released claims are history, not rows.
/// </summary>
public sealed class ListRoster(JobFairDb db, TimeProvider time, IValidator<ListRoster.Query> validator) : IUseCase
{
    /// <summary>Q: a student number's beginning or a part of the name; Claimed: only claimed (true) or only unclaimed (false) rows.</summary>
    public sealed record Query(string? Q, bool? Claimed, int? Page, int? PageSize)
    {
        internal Paging Paging => new(Page, PageSize);
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).MaximumLength(50);
            PagingRules.Add(this, q => q.Paging);
        }
    }

    /// <summary>A roster row; CodeExpiresAt: until when its current activation code works, null when it has none (claimed, used, expired or never issued).</summary>
    public sealed record Row(string StudentNo, string Name, string Major, string Degree, int GraduationYear, bool Claimed,
        DateTimeOffset? ClaimedAt, DateTimeOffset? CodeExpiresAt);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/universities/{id:guid}/roster", (Guid id, [AsParameters] Query query, CurrentUser caller, ListRoster list, CancellationToken ct) =>
                list.RunAsync(caller, id, query, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.NotFound("university"), Refusal.Invalid("q", "at most 50 characters"), ImportRoster.NotOwnUniversity)
            .WithSummary("A centre lists its roster by student number with each row's claim status and the expiry of its current " +
                         "activation code (codes themselves are never shown again); q searches the number's beginning or the name, " +
                         "claimed=true|false filters.");

    public async Task<Outcome<Page<Row>>> RunAsync(CurrentUser caller, Guid universityId, Query query, CancellationToken ct)
    {
        if (await validator.CheckAsync(query, ct) is { } invalid) return invalid;
        if (await caller.CentreUniversityAsync(ct) != universityId) return ImportRoster.NotOwnUniversity;
        var now = time.GetUtcNow();
        var rows = db.Students.AsNoTracking().Where(s => s.UniversityId == universityId && s.ReleasedAt == null);
        if (query.Q?.Trim() is { Length: > 0 } q)
        {
            var pattern = Like.Containing(q);
            rows = rows.Where(s => s.StudentNo.StartsWith(q) || EF.Functions.ILike(s.Name, pattern));
        }
        if (query.Claimed is { } claimed) rows = claimed ? rows.Where(s => s.UserId != null) : rows.Where(s => s.UserId == null);
        var paging = query.Paging;
        var items = await rows.OrderBy(s => s.StudentNo).Skip(paging.Skip).Take(paging.Size)
            .Select(s => new Row(s.StudentNo, s.Name, s.Major, s.Degree, s.GraduationYear, s.UserId != null, s.ClaimedAt,
                s.UserId == null && s.ActivationCodeHash != null && s.ActivationCodeExpiresAt > now ? s.ActivationCodeExpiresAt : null))
            .ToListAsync(ct);
        return new Page<Row>(items, await rows.CountAsync(ct));
    }
}
