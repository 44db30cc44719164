using System.Globalization;
using Npgsql;

namespace JobFair.Bench;

/// <summary>What the bench database holds, as counted after seeding.</summary>
internal sealed record Dataset(
    IReadOnlyList<Guid> FairIds, Guid BigFairId, long Employers, long Participations, long Positions, long Shares,
    long BigFairShares, long BigFairOpen, long BigFairEmployers, string PositionsSize, string PostgresVersion, string EntriesSize)
{
    public static async Task<Dataset> ReadAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new("""
            SELECT f.id, count(pf.position_id), (SELECT count(*) FROM participations pa WHERE pa.fair_id = f.id)
            FROM fairs f LEFT JOIN position_fairs pf ON pf.fair_id = f.id
            GROUP BY f.id ORDER BY 2 DESC, f.id
            """));
        batch.BatchCommands.Add(new("""
            SELECT (SELECT count(*) FROM employers), (SELECT count(*) FROM participations), (SELECT count(*) FROM positions),
                   (SELECT count(*) FROM position_fairs), pg_size_pretty(pg_total_relation_size('positions')), current_setting('server_version'),
                   (SELECT pg_size_pretty(sum(pg_total_relation_size(relid))) FROM pg_partition_tree('search_entries'))
            """));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var fairs = new List<(Guid Id, long Shares, long Employers)>();
        while (await reader.ReadAsync(ct)) fairs.Add((reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2)));
        if (fairs.Count == 0) throw new InvalidOperationException("the bench database holds no fairs");
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var big = fairs[0];
        var data = new Dataset(fairs.Select(f => f.Id).ToList(), big.Id, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2),
            reader.GetInt64(3), big.Shares, 0, big.Employers, reader.GetString(4), reader.GetString(5), reader.GetString(6));
        await reader.DisposeAsync();

        await using var open = db.CreateCommand("""
            SELECT count(*) FROM position_fairs pf JOIN positions p ON p.id = pf.position_id
            WHERE pf.fair_id = $1 AND p.status = 'open' AND (p.closes_at IS NULL OR p.closes_at > now())
            """);
        open.Parameters.AddWithValue(big.Id);
        return data with { BigFairOpen = (long)(await open.ExecuteScalarAsync(ct))! };
    }

    /// <summary>
    /// Reads once most of what searches for these keywords read (every fair's entries holding each keyword, through the
    /// keyword index, and the postings' rows), so that a measured stretch reads little from disk, and the HTTP path, which
    /// runs first, does not warm the cache for pgbench after it. From a dropped page cache the search's p99 was 44.0 ms
    /// without this read and 34.0 ms with it, against 31.6 ms warm (2026-12-03). Returns how long it took.
    /// </summary>
    public static async Task<TimeSpan> ReadIntoCacheAsync(NpgsqlDataSource db, IEnumerable<string> keywords, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var batch = db.CreateBatch();
        foreach (var keyword in keywords)
            batch.BatchCommands.Add(new("SELECT count(*) FROM search_entries WHERE search_vector @@ jf_search_query($1)") { Parameters = { new() { Value = keyword } } });
        // count(description), not count(*): the rows themselves, which an index-only count would skip.
        batch.BatchCommands.Add(new("SELECT count(description) FROM positions"));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        do
        {
            while (await reader.ReadAsync(ct))
            {
                // the count is not needed: reading the rows behind it is the point
            }
        }
        while (await reader.NextResultAsync(ct));
        return clock.Elapsed;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{FairIds.Count} fairs, {Employers:N0} employers, {Participations:N0} participations, {Positions:N0} positions ({PositionsSize} with indexes), " +
        $"{Shares:N0} shares into fairs (search entries: {EntriesSize} with indexes); the big fair: {BigFairShares:N0} positions ({BigFairOpen:N0} open) from {BigFairEmployers:N0} employers");
}
