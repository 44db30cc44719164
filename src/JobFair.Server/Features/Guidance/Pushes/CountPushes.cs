using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>Pushes to a set of graduates: let through, still waiting for a later day, opened, and followed by an application.</summary>
public sealed record PushCounts(int Pushed, int Waiting, int Opened, int Applied);

public sealed record FairPushCounts(Guid FairId, string Title, int Pushed, int Waiting, int Opened, int Applied);

public sealed record MajorPushCounts(string Major, int Pushed, int Waiting, int Opened, int Applied);

public sealed record PushFigures(PushCounts Total, IReadOnlyList<FairPushCounts> ByFair, IReadOnlyList<MajorPushCounts> ByMajor);

/// <summary>
/// How the pushes to a university's graduates went, per fair and per major: for its career
/// centre here, and for counsellors through <see cref="CountAsync"/> with their own graduates.
/// "Applied" counts pushes the graduate applied to afterwards (a push is never made for a position
/// they had applied to already); "major" is the graduate's major the push matched.
/// </summary>
public sealed class CountPushes(JobFairDb db) : IUseCase
{
    public static readonly Refusal NotOwnUniversity =
        Refusal.Forbidden("not_own_university", "A career centre sees the pushes to its own university's graduates only.");

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/universities/{id:guid}/push-figures", (Guid id, CurrentUser caller, CountPushes count, CancellationToken ct) =>
                count.ForCentreAsync(caller, id, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.NotFound("university"), NotOwnUniversity)
            .WithSummary("How many positions were pushed to the university's graduates by major, opened and applied to; " +
                         "in total, per fair and per major (centre of that university).");
        api.MapGet("/counsellors/me/push-figures", (CurrentUser caller, CountPushes count, CancellationToken ct) =>
                count.ForCounsellorAsync(caller, ct).ToOk())
            .RequireAuthorization(Policies.Counsellor)
            .Refuses(LedgerAccess.NotCounsellor)
            .WithSummary("The same figures for the graduates on the calling counsellor's ledger (by the majors they look after, or assigned).");
    }

    public async Task<Outcome<PushFigures>> ForCentreAsync(CurrentUser caller, Guid universityId, CancellationToken ct)
    {
        if (await caller.CentreUniversityAsync(ct) != universityId) return NotOwnUniversity;
        return await CountAsync(db.Students.Where(s => s.UniversityId == universityId).Select(s => s.Id), ct);
    }

    public async Task<Outcome<PushFigures>> ForCounsellorAsync(CurrentUser caller, CancellationToken ct) =>
        await caller.CounsellorAsync(ct) is { } counsellor
            ? await CountAsync(db.StudentsOf(counsellor).Select(s => s.Id), ct)
            : LedgerAccess.NotCounsellor;

    /// <summary>The figures of the pushes to these graduates (a counsellor passes the graduates they look after).</summary>
    public async Task<PushFigures> CountAsync(IQueryable<Guid> students, CancellationToken ct)
    {
        var rows = db.Recommendations.AsNoTracking().Where(r => students.Contains(r.StudentId)).Select(r => new
        {
            r.FairId, r.Major,
            Pushed = r.PushedAt != null ? 1 : 0,
            Waiting = r.PushedAt == null ? 1 : 0,
            Opened = r.SeenAt != null ? 1 : 0,
            Applied = r.PushedAt != null && db.Applications.Any(a => a.StudentId == r.StudentId && a.PositionId == r.PositionId && a.CreatedAt >= r.PushedAt)
                ? 1 : 0,
        });
        var byFair = await rows.GroupBy(x => x.FairId)
            .Select(g => new { FairId = g.Key, Pushed = g.Sum(x => x.Pushed), Waiting = g.Sum(x => x.Waiting), Opened = g.Sum(x => x.Opened),
                Applied = g.Sum(x => x.Applied) })
            .Join(db.Fairs, c => c.FairId, f => f.Id, (c, f) => new { c, f.Title, f.StartsAt })
            .OrderByDescending(x => x.StartsAt)
            .Select(x => new FairPushCounts(x.c.FairId, x.Title, x.c.Pushed, x.c.Waiting, x.c.Opened, x.c.Applied))
            .ToListAsync(ct);
        var byMajor = (await rows.GroupBy(x => x.Major)
                .Select(g => new { Major = g.Key, Pushed = g.Sum(x => x.Pushed), Waiting = g.Sum(x => x.Waiting), Opened = g.Sum(x => x.Opened),
                    Applied = g.Sum(x => x.Applied) })
                .ToListAsync(ct))
            .OrderByDescending(m => m.Pushed).ThenBy(m => m.Major, StringComparer.Ordinal)
            .Select(m => new MajorPushCounts(m.Major, m.Pushed, m.Waiting, m.Opened, m.Applied))
            .ToList();
        var total = new PushCounts(byFair.Sum(f => f.Pushed), byFair.Sum(f => f.Waiting), byFair.Sum(f => f.Opened), byFair.Sum(f => f.Applied));
        return new PushFigures(total, byFair, byMajor);
    }
}
