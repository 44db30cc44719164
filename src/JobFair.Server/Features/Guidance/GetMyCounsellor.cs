using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance;

/// <summary>A counsellor reads their own account: what they look after, and the counsellors they are paired with.</summary>
public sealed class GetMyCounsellor(JobFairDb db, TimeProvider time) : IUseCase
{
    /// <summary>A pairing of the caller: their <c>side</c> of the 一帮一 pair (supported or supporting) and their partner.</summary>
    public sealed record Partnership(Guid Id, Guid PairId, string Side, CounsellorResponse Partner, DateTimeOffset CreatedAt);

    /// <summary>
    /// The caller, how many graduates are on their ledger (<c>students</c>), how many of them have an
    /// overdue action (<c>overdue</c>) or are still looking and not contacted for 7 days (<c>uncontacted</c>), and their pairings.
    /// </summary>
    public sealed record Response(CounsellorResponse Counsellor, int Students, int Overdue, int Uncontacted, IReadOnlyList<Partnership> Pairs);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/counsellors/me", (CurrentUser caller, GetMyCounsellor get, CancellationToken ct) => get.RunAsync(caller, ct).ToOk())
            .RequireAuthorization(Policies.Counsellor)
            .Refuses(LedgerAccess.NotCounsellor)
            .WithSummary("The calling counsellor: university, department, majors, ledger size (with overdue and not contacted for 7 days) and paired counsellors.");

    public async Task<Outcome<Response>> RunAsync(CurrentUser caller, CancellationToken ct)
    {
        if (await caller.CounsellorAsync(ct) is not { } counsellor) return LedgerAccess.NotCounsellor;
        var me = (await CounsellorResponse.LoadAsync(db, db.Counsellors.Where(c => c.Id == counsellor.Id), ct)).Single();
        var pairs = await db.CounsellorPairs.AsNoTracking()
            .Where(p => p.SupportedCounsellorId == counsellor.Id || p.SupportingCounsellorId == counsellor.Id)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);
        var partners = (await CounsellorPairResponse.LoadAsync(db, pairs, ct)).Select(p => p.Supported.Id == counsellor.Id
            ? new Partnership(p.Id, p.PairId, "supported", p.Supporting, p.CreatedAt)
            : new Partnership(p.Id, p.PairId, "supporting", p.Supported, p.CreatedAt)).ToList();
        // Counts only: no graduate's entry leaves the server, so nothing to audit.
        var now = time.GetUtcNow();
        var rows = db.Rows(db.StudentsOf(counsellor).AsNoTracking(), now);
        return new Response(me, await rows.CountAsync(ct), await rows.CountAsync(r => r.OverdueActions > 0, ct),
            await rows.Uncontacted(now).CountAsync(ct), partners);
    }
}
