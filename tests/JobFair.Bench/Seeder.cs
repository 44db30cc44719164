using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using static NpgsqlTypes.NpgsqlDbType;

namespace JobFair.Bench;

/// <summary>How much data: 223 fairs as in spring 2020, one of them as big as the record fair (317 employers, 18,000 positions).</summary>
internal sealed record SeedPlan(int Positions)
{
    public const int Fairs = 223;
    public int Employers => Positions / 10;
    public int BigFairPositions => Math.Min(18_000, Positions * 36 / 1000);
    public int BigFairEmployers => Math.Max(1, (int)Math.Round(317.0 * BigFairPositions / 18_000));
}

/// <summary>
/// Fills the bench database with binary COPY, straight into the tables the server migrated
/// (its universities and pairs are the fairs' hosts). Search entries are written by PostgreSQL's
/// triggers as the shares arrive (0007_search_entries.sql).
/// </summary>
internal static class Seeder
{
    private sealed record Table(string Name, params (string Column, NpgsqlDbType Type)[] Columns);

    private static readonly Table Fairs = new("fairs", ("id", Uuid), ("pair_id", Uuid), ("title", Varchar), ("description", Varchar),
        ("starts_at", TimestampTz), ("ends_at", TimestampTz), ("status", Varchar), ("created_by", Uuid), ("created_at", TimestampTz),
        ("published_at", TimestampTz));
    private static readonly Table Employers = new("employers", ("id", Uuid), ("name", Varchar), ("credit_code", Varchar),
        ("industry", Varchar), ("city", Varchar), ("size", Varchar), ("created_at", TimestampTz));
    private static readonly Table Participations = new("participations", ("fair_id", Uuid), ("employer_id", Uuid), ("status", Varchar),
        ("requested_at", TimestampTz), ("decided_at", TimestampTz), ("decided_by", Uuid));
    private static readonly Table Positions = new("positions", ("id", Uuid), ("employer_id", Uuid), ("employer_name", Varchar),
        ("title", Varchar), ("description", Varchar), ("city", Varchar), ("majors", NpgsqlDbType.Array | Text), ("degree", Varchar),
        ("openings", Integer), ("salary_min", Integer), ("salary_max", Integer), ("closes_at", TimestampTz), ("status", Varchar),
        ("created_at", TimestampTz), ("updated_at", TimestampTz));
    private static readonly Table PositionFairs = new("position_fairs", ("position_id", Uuid), ("fair_id", Uuid), ("shared_at", TimestampTz));

    // The centre account that "created" the fairs; fairs.created_by is not a foreign key.
    private static readonly Guid Host = new("00000000-0000-7000-8000-0000000be7c4");

    /// <summary>Who is in the data before any posting: the fairs, the employers, the fairs each is approved in, who posts what.</summary>
    private sealed record Cast(
        DateTime Now, List<Guid> FairIds, List<EmployerRow> Employers, List<int[]> FairsOf, int[] Poster, int BigFairEmployers);

    /// <summary>Postings are copied in this many parts at once; fixed, so that every machine builds the same data.</summary>
    private const int Parts = 2;

    /// <summary>Seeds unless the data is already there; returns how long seeding took, or null if it was skipped.</summary>
    public static async Task<TimeSpan?> EnsureAsync(NpgsqlDataSource db, SeedPlan plan, bool reseed, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        long fairs, positions, shares;
        await using (var count = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM fairs), (SELECT count(*) FROM positions), (SELECT count(*) FROM position_fairs)", conn))
        await using (var counts = await count.ExecuteReaderAsync(ct))
        {
            await counts.ReadAsync(ct);
            (fairs, positions, shares) = (counts.GetInt64(0), counts.GetInt64(1), counts.GetInt64(2));
        }
        // Shares are copied last, so that a seeding cut short is seen and redone.
        if (!reseed && fairs == SeedPlan.Fairs && positions == plan.Positions && shares >= positions)
        {
            // Fairs seeded weeks ago have ended (and the server closed them): open them again, as on seeding day.
            await ExecuteAsync(conn, """
                UPDATE fairs SET starts_at = now() - interval '1 day', ends_at = now() + interval '20 days',
                                 status = 'published', closed_at = NULL
                """, ct);
            return null;
        }

        var clock = Stopwatch.StartNew();
        Cast cast;
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            // Employers are deleted, not truncated: users (the admin) reference that table.
            await ExecuteAsync(conn, "TRUNCATE position_fairs, participations, positions, fairs CASCADE; DELETE FROM employers", ct);
            cast = await CastAsync(conn, plan, new DataGenerator(seed: 2020, DateTime.UtcNow), ct);
            await tx.CommitAsync(ct);
        }
        var parts = await Task.WhenAll(Enumerable.Range(0, Parts).Select(part => CopyPositionsAsync(db, cast, part, ct)));
        // PostgreSQL computing each share's search entry (Chinese bigrams, in SQL) is most of the seeding time: one COPY per core.
        await Task.WhenAll(parts.Select(async shares =>
        {
            await using var partConn = await db.OpenConnectionAsync(ct);
            await CopyAsync(partConn, PositionFairs, shares.Select(s => new object?[] { s.PositionId, s.FairId, s.SharedAt }), ct);
        }));
        // Fresh statistics for the planner, and a visibility map so that autovacuum does not wake up mid-measurement.
        await ExecuteAsync(conn, "VACUUM (ANALYZE) fairs, employers, participations, positions, position_fairs, search_entries", ct);
        return clock.Elapsed;
    }

    private static async Task<Cast> CastAsync(NpgsqlConnection conn, SeedPlan plan, DataGenerator gen, CancellationToken ct)
    {
        var now = gen.Now;
        var pairs = await PairsAsync(conn, ct);
        var fairs = Enumerable.Range(0, SeedPlan.Fairs).Select(i =>
        {
            var (pairId, hosts) = pairs[i % pairs.Count];
            return (Id: gen.NewId(now.AddDays(-10)), PairId: pairId,
                Title: $"{hosts} 2020届毕业生春季“一帮一”联合网络双选会（第{i / pairs.Count + 1}场）");
        }).ToList();
        await CopyAsync(conn, Fairs, fairs.Select(f => new object?[]
        {
            f.Id, f.PairId, f.Title, "两校联合举办的线上双选会，面向两校2020届毕业生，湖北高校毕业生优先。",
            now.AddDays(-1), now.AddDays(20), "published", Host, now.AddDays(-10), now.AddDays(-3),
        }), ct);

        var employers = Enumerable.Range(0, plan.Employers).Select(gen.Employer).ToList();
        await CopyAsync(conn, Employers, employers.Select(e => new object?[]
            { e.Id, e.Name, e.CreditCode, e.Family.Industry, e.City, e.Size, e.CreatedAt }), ct);

        // Fair 0 is the big one: only its own employers (the first few) are in it, each also in one other fair.
        var others = SeedPlan.Fairs - 1;
        var fairsOf = employers.Select((_, i) => i < plan.BigFairEmployers
            ? [0, gen.Between(1, others)]
            : gen.Chance(0.35) ? new[] { gen.Between(1, others), gen.Between(1, others) }.Distinct().ToArray() : [gen.Between(1, others)]).ToList();
        await CopyAsync(conn, Participations, employers.SelectMany((e, i) => fairsOf[i].Select(f => new object?[]
            { fairs[f].Id, e.Id, "approved", now.AddDays(-5), now.AddDays(-4), Host })), ct);

        // Who posts each posting: the big fair's employers post its exact share, the others the rest,
        // shuffled so that the big fair's postings are spread through the table as when posted live.
        var poster = new int[plan.Positions];
        for (var i = 0; i < plan.BigFairPositions; i++) poster[i] = i % plan.BigFairEmployers;
        for (var i = plan.BigFairPositions; i < plan.Positions; i++) poster[i] = gen.Between(plan.BigFairEmployers, plan.Employers - 1);
        for (var i = poster.Length - 1; i > 0; i--)
        {
            var j = gen.Between(0, i);
            (poster[i], poster[j]) = (poster[j], poster[i]);
        }
        return new Cast(now, fairs.ConvertAll(f => f.Id), employers, fairsOf, poster, plan.BigFairEmployers);
    }

    /// <summary>One part of the postings, on its own connection and generator; returns the part's shares into fairs.</summary>
    private static async Task<List<(Guid PositionId, Guid FairId, DateTime SharedAt)>> CopyPositionsAsync(
        NpgsqlDataSource db, Cast cast, int part, CancellationToken ct)
    {
        var gen = new DataGenerator(seed: 2021 + part, cast.Now);
        var mine = cast.Poster.AsMemory()[(cast.Poster.Length * part / Parts)..(cast.Poster.Length * (part + 1) / Parts)];
        var shares = new List<(Guid, Guid, DateTime)>(mine.Length * 3 / 2);
        await using var conn = await db.OpenConnectionAsync(ct);
        await CopyAsync(conn, Positions, Enumerable.Range(0, mine.Length).Select(i =>
        {
            var index = mine.Span[i];
            var e = cast.Employers[index];
            var p = gen.Position(e);
            var fairs = cast.FairsOf[index];
            // A posting goes into one or both of its employer's fairs; the big fair's employers always share into it.
            int[] into = index < cast.BigFairEmployers
                ? gen.Chance(0.5) ? fairs : [0]
                : fairs.Length == 2 && gen.Chance(0.5) ? fairs : [gen.Pick(fairs)];
            foreach (var f in into)
            {
                var shared = p.CreatedAt.AddMinutes(gen.Between(0, 600));
                shares.Add((p.Id, cast.FairIds[f], shared < cast.Now ? shared : cast.Now));
            }
            return new object?[]
            {
                p.Id, e.Id, e.Name, p.Title, p.Description, p.City, p.Majors, p.Degree, p.Openings, p.SalaryMin, p.SalaryMax,
                p.ClosesAt, p.Status, p.CreatedAt, p.CreatedAt,
            };
        }), ct);
        return shares;
    }

    private static async Task<List<(Guid Id, string Hosts)>> PairsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        // The record fair's pair first (武汉华夏理工学院 and 江南大学), so that it hosts the big fair.
        await using var cmd = new NpgsqlCommand("""
            SELECT p.id, su.name || '·' || sg.name
            FROM pairs p JOIN universities su ON su.id = p.supported_id JOIN universities sg ON sg.id = p.supporting_id
            ORDER BY su.name <> '武汉华夏理工学院', p.batch, p.seq NULLS LAST, p.id
            """, conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var pairs = new List<(Guid, string)>();
        while (await reader.ReadAsync(ct)) pairs.Add((reader.GetGuid(0), reader.GetString(1)));
        return pairs.Count > 0 ? pairs : throw new InvalidOperationException("no pairs: the server loads them at start-up");
    }

    private static async Task CopyAsync(NpgsqlConnection conn, Table table, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var columns = string.Join(", ", table.Columns.Select(c => c.Column));
        await using var copy = await conn.BeginBinaryImportAsync($"COPY {table.Name} ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i] is null) await copy.WriteNullAsync(ct);
                else await copy.WriteAsync(row[i], table.Columns[i].Type, ct);
            }
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
