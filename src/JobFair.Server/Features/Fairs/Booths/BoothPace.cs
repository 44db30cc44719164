namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>A wait estimate in whole minutes: the likeliest, and the range the booth's own pace allows.</summary>
public sealed record Eta(int Minutes, int Low, int High);

/// <summary>
/// How fast a booth's line moves, learnt from its own recent talks: the median of the last
/// <see cref="Samples"/> talk lengths (the recruiters' <c>minutesPerTalk</c> until there are
/// <see cref="MinTalks"/>), shared among the recruiters who called someone lately. The range is the
/// middle half of those talks once there are <see cref="SureTalks"/>; before that it is honestly
/// wide (half to one and a half times the talk length).
/// </summary>
public sealed record BoothPace(double TalkMinutes, double LowTalkMinutes, double HighTalkMinutes, int Recruiters, int Talks)
{
    public const int Samples = 20;
    public const int MinTalks = 3;
    public const int SureTalks = 8;
    /// <summary>A recruiter counts as serving the line if they called someone this recently.</summary>
    public static readonly TimeSpan Serving = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The wait of someone with <paramref name="ahead"/> people before them: on average half a talk
    /// until a recruiter is free, then a talk per person ahead, shared among the recruiters.
    /// The low end assumes the next recruiter is free at once; the high end a whole talk first.
    /// </summary>
    public Eta For(int ahead)
    {
        var minutes = (int)Math.Round((ahead + 0.5) * TalkMinutes / Recruiters, MidpointRounding.AwayFromZero);
        var low = (int)Math.Floor(ahead * LowTalkMinutes / Recruiters);
        var high = (int)Math.Ceiling((ahead + 1) * HighTalkMinutes / Recruiters);
        return new Eta(minutes, Math.Min(low, minutes), Math.Max(high, minutes));
    }

    public static BoothPace From(int minutesPerTalk, IReadOnlyCollection<double> talkMinutes, int recruiters)
    {
        var sorted = talkMinutes.Order().ToArray();
        var talk = sorted.Length >= MinTalks ? Quantile(sorted, 0.5) : minutesPerTalk;
        var (low, high) = sorted.Length >= SureTalks ? (Quantile(sorted, 0.25), Quantile(sorted, 0.75)) : (talk * 0.5, talk * 1.5);
        return new BoothPace(talk, low, high, Math.Max(1, recruiters), sorted.Length);
    }

    /// <summary>The pace of one booth as of now.</summary>
    public static async Task<BoothPace> LoadAsync(JobFairDb db, Guid fairId, Guid employerId, int minutesPerTalk, DateTimeOffset now,
        CancellationToken ct) =>
        (await LoadManyAsync(db, fairId, [(employerId, minutesPerTalk)], now, ct))[employerId];

    /// <summary>The paces of several booths of a fair in two queries (a booth list shows each).</summary>
    public static async Task<Dictionary<Guid, BoothPace>> LoadManyAsync(JobFairDb db, Guid fairId,
        IReadOnlyCollection<(Guid EmployerId, int MinutesPerTalk)> booths, DateTimeOffset now, CancellationToken ct)
    {
        var employers = booths.Select(b => b.EmployerId).ToArray();
        var talks = await db.Database.SqlQuery<TalkRow>($"""
            SELECT employer_id AS "EmployerId", (extract(epoch FROM talk_ended_at - entered_at) / 60.0)::double precision AS "Minutes"
            FROM (
                SELECT employer_id, entered_at, talk_ended_at,
                       row_number() OVER (PARTITION BY employer_id ORDER BY talk_ended_at DESC) AS recent
                FROM booth_queue_entries
                WHERE fair_id = {fairId} AND employer_id = ANY({employers}) AND status = 'served'
                  AND entered_at IS NOT NULL AND talk_ended_at IS NOT NULL
            ) t
            WHERE recent <= {Samples}
            """).ToListAsync(ct);
        var since = now - Serving;
        var serving = await db.BoothQueueEntries.AsNoTracking()
            .Where(e => e.FairId == fairId && employers.Contains(e.EmployerId) && e.CalledAt > since && e.CalledBy != null)
            .GroupBy(e => e.EmployerId)
            .Select(g => new { EmployerId = g.Key, Recruiters = g.Select(e => e.CalledBy).Distinct().Count() })
            .ToDictionaryAsync(g => g.EmployerId, g => g.Recruiters, ct);
        var byBooth = talks.ToLookup(t => t.EmployerId, t => t.Minutes);
        return booths.ToDictionary(b => b.EmployerId,
            b => From(b.MinutesPerTalk, byBooth[b.EmployerId].ToList(), serving.GetValueOrDefault(b.EmployerId)));
    }

    /// <summary>Linear interpolation between the closest ranks, as PostgreSQL's percentile_cont.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var rank = q * (sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }

    internal sealed record TalkRow(Guid EmployerId, double Minutes);
}
