using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Universities;

namespace JobFair.Server.Features.Guidance;

/// <summary>A pair as one of its two centres (or, where allowed, the admin) acts on it.</summary>
internal static class PairSides
{
    public static readonly Refusal NotFound = Refusal.NotFound("pair");
    public static readonly Refusal NotPairMember =
        Refusal.Forbidden("not_pair_member", "Only the career centres of this pair's two universities may do this.");

    /// <summary>The pair, if the caller is a centre of either side (or the admin, when <paramref name="admin"/>); pairs are public, so others get 403.</summary>
    public static async Task<Outcome<Pair>> FindForCentreAsync(this JobFairDb db, CurrentUser caller, Guid pairId, bool admin,
        CancellationToken ct)
    {
        var pair = await db.Pairs.AsNoTracking().Include(p => p.Supported).Include(p => p.Supporting)
            .SingleOrDefaultAsync(p => p.Id == pairId, ct);
        if (pair is null) return NotFound;
        if (admin && caller.IsIn(Roles.Admin)) return pair;
        var side = await caller.CentreUniversityAsync(ct);
        return side == pair.SupportedId || side == pair.SupportingId ? pair : NotPairMember;
    }
}
