namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>
/// A booth as anyone sees it: whether it takes walk-ups, how many wait, and how long a newcomer
/// would wait (<c>etaMinutes</c>, within <c>etaMinutesLow</c>..<c>etaMinutesHigh</c>); <c>serving</c>
/// is the number of recruiters who called someone lately, which the estimate divides by.
/// </summary>
public sealed record BoothResponse(Guid FairId, Guid EmployerId, string Name, bool Open, string Status, int Cap, int MinutesPerTalk,
    int Waiting, int EtaMinutes, int EtaMinutesLow, int EtaMinutesHigh, int Serving);

internal static class BoothResponses
{
    /// <summary>A booth nobody has set yet: closed, with these settings until a recruiter changes them.</summary>
    public const int DefaultCap = 100;
    public const int DefaultMinutesPerTalk = 10;

    // Member-initialised (not a positional record) so that EF can filter and order by its members.
    private sealed class Row
    {
        public Guid EmployerId { get; init; }
        public string Name { get; init; } = "";
        public string Status { get; init; } = BoothStatus.Closed;
        public int Cap { get; init; }
        public int MinutesPerTalk { get; init; }
    }

    /// <summary>The fair's booths (its approved employers), open ones first, then by name; optionally only open ones.</summary>
    public static async Task<Page<BoothResponse>> PageAsync(JobFairDb db, Guid fairId, bool? open, Paging paging, DateTimeOffset now,
        CancellationToken ct)
    {
        var rows = Rows(db, fairId);
        if (open is { } wanted) rows = wanted ? rows.Where(r => r.Status == BoothStatus.Open) : rows.Where(r => r.Status != BoothStatus.Open);
        var page = await rows
            .OrderBy(r => r.Status == BoothStatus.Open ? 0 : r.Status == BoothStatus.Paused ? 1 : 2).ThenBy(r => r.Name).ThenBy(r => r.EmployerId)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return new Page<BoothResponse>(await CompleteAsync(db, fairId, page, now, ct), await rows.CountAsync(ct));
    }

    /// <summary>One booth of an employer approved in the fair (the caller has checked that).</summary>
    public static async Task<BoothResponse> LoadAsync(JobFairDb db, Guid fairId, Guid employerId, DateTimeOffset now, CancellationToken ct)
    {
        var row = await Rows(db, fairId).Where(r => r.EmployerId == employerId).SingleAsync(ct);
        return (await CompleteAsync(db, fairId, [row], now, ct))[0];
    }

    /// <summary>The same from what a caller already counted (the live bridge reads the line itself).</summary>
    public static BoothResponse From(Guid fairId, Guid employerId, string name, string status, int cap, int minutesPerTalk, int waiting,
        BoothPace pace)
    {
        var eta = pace.For(waiting);
        return new BoothResponse(fairId, employerId, name, status == BoothStatus.Open, status, cap, minutesPerTalk, waiting,
            eta.Minutes, eta.Low, eta.High, pace.Recruiters);
    }

    private static IQueryable<Row> Rows(JobFairDb db, Guid fairId) =>
        from p in db.Participations
        where p.FairId == fairId && p.Status == ParticipationStatus.Approved
        join b in db.Booths on new { p.FairId, p.EmployerId } equals new { b.FairId, b.EmployerId } into booths
        from b in booths.DefaultIfEmpty()
        select new Row
        {
            EmployerId = p.EmployerId, Name = p.Employer.Name, Status = b == null ? BoothStatus.Closed : b.Status,
            Cap = b == null ? DefaultCap : b.Cap, MinutesPerTalk = b == null ? DefaultMinutesPerTalk : b.MinutesPerTalk,
        };

    private static async Task<List<BoothResponse>> CompleteAsync(JobFairDb db, Guid fairId, List<Row> rows, DateTimeOffset now,
        CancellationToken ct)
    {
        var ids = rows.Select(r => r.EmployerId).ToArray();
        var waiting = await db.BoothQueueEntries.AsNoTracking()
            .Where(e => e.FairId == fairId && ids.Contains(e.EmployerId) && e.Status == EntryStatus.Waiting)
            .GroupBy(e => e.EmployerId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var paces = await BoothPace.LoadManyAsync(db, fairId, rows.Select(r => (r.EmployerId, r.MinutesPerTalk)).ToList(), now, ct);
        return rows.Select(r => From(fairId, r.EmployerId, r.Name, r.Status, r.Cap, r.MinutesPerTalk, waiting.GetValueOrDefault(r.EmployerId),
            paces[r.EmployerId])).ToList();
    }
}
