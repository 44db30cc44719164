namespace JobFair.Server.Features.Guidance;

public sealed record PositionBrief(Guid Id, string Title, string EmployerName);

public sealed record AuthorRef(Guid CounsellorId, string Name, Guid UniversityId, string University);

/// <summary>One line of a plan as its readers see it.</summary>
public sealed record PlanEntryResponse(Guid Id, Guid StudentId, string Kind, string Text, DateTimeOffset? DueAt, DateTimeOffset? DoneAt,
    DateTimeOffset? ContactedAt, string? Channel, PositionBrief? Position, AuthorRef Author, DateTimeOffset CreatedAt)
{
    /// <summary>Plan lines with their authors' and positions' names, oldest first.</summary>
    internal static async Task<List<PlanEntryResponse>> LoadAsync(JobFairDb db, IQueryable<PlanEntry> entries, CancellationToken ct) =>
        (await entries.AsNoTracking()
            .Join(db.Counsellors, e => e.AuthorId, c => c.Id, (e, c) => new { e, c.Name })
            .Join(db.Universities, x => x.e.AuthorUniversityId, u => u.Id, (x, u) => new { x.e, x.Name, University = u.Name })
            .GroupJoin(db.Positions, x => x.e.PositionId, p => p.Id, (x, p) => new { x, p })
            .SelectMany(x => x.p.DefaultIfEmpty(), (x, p) => new
            {
                x.x.e, x.x.Name, x.x.University,
                Position = p == null ? null : new PositionBrief(p.Id, p.Title, p.EmployerName),
            })
            .ToListAsync(ct))
        .OrderBy(x => x.e.CreatedAt).ThenBy(x => x.e.Id)
        .Select(x => new PlanEntryResponse(x.e.Id, x.e.StudentId, x.e.Kind, x.e.Text, x.e.DueAt, x.e.DoneAt, x.e.ContactedAt, x.e.Channel,
            x.Position, new AuthorRef(x.e.AuthorId, x.Name, x.e.AuthorUniversityId, x.University), x.e.CreatedAt))
        .ToList();
}

/// <summary>Adding a line to a graduate's plan, the same way for every kind.</summary>
internal static class PlanLines
{
    /// <summary>Saves the line with its audit entry (one transaction) and returns it as its readers see it.</summary>
    public static async Task<PlanEntryResponse> AddAsync(this JobFairDb db, TimeProvider time, LedgerReader reader, PlanEntry entry,
        string action, CancellationToken ct)
    {
        db.PlanEntries.Add(entry);
        db.AuditLedger(time, reader, action, entry.StudentId, $"{entry.Kind} {entry.Id}");
        await db.SaveChangesAsync(ct);
        return (await PlanEntryResponse.LoadAsync(db, db.PlanEntries.Where(e => e.Id == entry.Id), ct)).Single();
    }
}
