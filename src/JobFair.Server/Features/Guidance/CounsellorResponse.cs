namespace JobFair.Server.Features.Guidance;

/// <summary>A counsellor as centres and their paired counsellor see them.</summary>
public sealed record CounsellorResponse(Guid Id, Guid UserId, string Email, string Name, Guid UniversityId, string University,
    string Department, IReadOnlyList<string> Majors, DateTimeOffset CreatedAt)
{
    /// <summary>These counsellors with their sign-in address and university name, in name order.</summary>
    internal static Task<List<CounsellorResponse>> LoadAsync(JobFairDb db, IQueryable<Counsellor> counsellors, CancellationToken ct) =>
        counsellors.AsNoTracking()
            .Join(db.Users, c => c.UserId, u => u.Id, (c, u) => new { c, u.Email })
            .Join(db.Universities, x => x.c.UniversityId, u => u.Id, (x, u) => new { x.c, x.Email, University = u.Name })
            .OrderBy(x => x.c.Name).ThenBy(x => x.c.Id)
            .Select(x => new CounsellorResponse(x.c.Id, x.c.UserId, x.Email!, x.c.Name, x.c.UniversityId, x.University, x.c.Department,
                x.c.Majors, x.c.CreatedAt))
            .ToListAsync(ct);
}

/// <summary>A counsellor pair with both its counsellors.</summary>
public sealed record CounsellorPairResponse(Guid Id, Guid PairId, CounsellorResponse Supported, CounsellorResponse Supporting,
    DateTimeOffset CreatedAt)
{
    internal static async Task<List<CounsellorPairResponse>> LoadAsync(JobFairDb db, IReadOnlyList<CounsellorPair> pairs, CancellationToken ct)
    {
        var ids = pairs.SelectMany(p => new[] { p.SupportedCounsellorId, p.SupportingCounsellorId }).Distinct().ToList();
        var counsellors = (await CounsellorResponse.LoadAsync(db, db.Counsellors.Where(c => ids.Contains(c.Id)), ct)).ToDictionary(c => c.Id);
        return pairs.Select(p => new CounsellorPairResponse(p.Id, p.PairId, counsellors[p.SupportedCounsellorId],
            counsellors[p.SupportingCounsellorId], p.CreatedAt)).ToList();
    }
}
