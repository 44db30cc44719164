using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Fairs;

public sealed record Host(Guid Id, string Name);

public sealed record FairResponse(
    Guid Id, Guid PairId, string Title, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string Status, IReadOnlyList<Host> Hosts, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, DateTimeOffset? ClosedAt)
{
    /// <summary>The fair's figures: in GET /api/fairs/{id} (the contract's "fair with hosts and stats").</summary>
    public Stats.FairStatsResponse? Stats { get; init; }
}

/// <summary>Loading a fair as a given caller may see it, and who hosts it.</summary>
internal static class FairAccess
{
    public static IQueryable<Fair> WithHosts(this IQueryable<Fair> fairs) =>
        fairs.Include(f => f.Pair).ThenInclude(p => p.Supported).Include(f => f.Pair).ThenInclude(p => p.Supporting);

    public static bool IsHostedBy(this Fair fair, Guid? universityId) =>
        universityId is { } u && (fair.Pair.SupportedId == u || fair.Pair.SupportingId == u);

    /// <summary>
    /// The fair if the caller may know it exists: published and closed fairs are public, drafts
    /// are seen by their hosts (and the admin) only.
    /// </summary>
    public static async Task<Fair?> FindVisibleAsync(this JobFairDb db, Guid id, CurrentUser current, CancellationToken ct, bool track = false)
    {
        var query = track ? db.Fairs.WithHosts() : db.Fairs.AsNoTracking().WithHosts();
        var fair = await query.SingleOrDefaultAsync(f => f.Id == id, ct);
        if (fair is null || fair.Status != FairStatus.Draft || current.IsIn(Roles.Admin)) return fair;
        return fair.IsHostedBy(await current.CentreUniversityAsync(ct)) ? fair : null;
    }

    /// <summary>Whether the caller may know the fair exists, without loading it (one indexed lookup, no joins to names).</summary>
    public static async Task<bool> IsVisibleAsync(this JobFairDb db, Guid id, CurrentUser current, CancellationToken ct)
    {
        var fair = await db.Fairs.AsNoTracking().Where(f => f.Id == id)
            .Select(f => new { f.Status, f.Pair.SupportedId, f.Pair.SupportingId }).SingleOrDefaultAsync(ct);
        if (fair is null) return false;
        if (fair.Status != FairStatus.Draft || current.IsIn(Roles.Admin)) return true;
        var university = await current.CentreUniversityAsync(ct);
        return university == fair.SupportedId || university == fair.SupportingId;
    }

    public static readonly Refusal NotFound = Refusal.NotFound("fair");
    public static readonly Refusal NotHost = Refusal.Forbidden("not_host", "Only the career centres of this fair's two host universities may do this.");
    public static readonly Refusal Closed = Refusal.Conflict("fair_closed", "This fair has closed.");

    /// <summary>The fair for a host centre's action; 404 if invisible, 403 if visible but not theirs.</summary>
    public static async Task<Outcome<Fair>> FindForHostAsync(this JobFairDb db, Guid id, CurrentUser current, CancellationToken ct)
    {
        var fair = await db.FindVisibleAsync(id, current, ct, track: true);
        if (fair is null) return NotFound;
        if (!fair.IsHostedBy(await current.CentreUniversityAsync(ct))) return NotHost;
        return fair;
    }

    public static FairResponse ToResponse(this Fair f, DateTimeOffset now) => new(
        f.Id, f.PairId, f.Title, f.Description, f.StartsAt, f.EndsAt, FairStatus.Effective(f.Status, f.EndsAt, now),
        [new Host(f.Pair.Supported.Id, f.Pair.Supported.Name), new Host(f.Pair.Supporting.Id, f.Pair.Supporting.Name)],
        f.CreatedAt, f.PublishedAt, f.ClosedAt ?? (f.Status == FairStatus.Published && f.EndsAt <= now ? f.EndsAt : null));
}
