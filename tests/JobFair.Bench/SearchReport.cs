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

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{FairIds.Count} fairs, {Employers:N0} employers, {Participations:N0} participations, {Positions:N0} positions ({PositionsSize} with indexes), " +
        $"{Shares:N0} shares into fairs (search entries: {EntriesSize} with indexes); the big fair: {BigFairShares:N0} positions ({BigFairOpen:N0} open) from {BigFairEmployers:N0} employers");
}

/// <summary>The two measured rows and what they mean, for the console and for docs/performance.md.</summary>
internal sealed record SearchReport(
    Dataset Data, int Concurrency, int Warmup, LatencySummary Http, LatencySummary Sql, TimeSpan? SeedTime, double MeanHits)
{
    public const string Heading = "## Search (issue 3)";

    public double Ratio => Http.P99 / Sql.P99;
    public bool TargetMet => Http.Errors == 0 && Http.P99 < SearchScenario.TargetP99Ms;

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"",-6}{"count",7}{"errors",7}{"req/s",9}{"p50",9}{"p90",9}{"p99",9}{"max",9}   (ms)");
        output.WriteLine(Row("HTTP", Http));
        output.WriteLine(Row("SQL", Sql));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HTTP p99 / SQL p99 = {Ratio:F2}"));
        output.WriteLine($"target p99 < {SearchScenario.TargetP99Ms} ms over HTTP: {(TargetMet ? "met" : "NOT met")}");
        output.WriteLine();
    }

    private static string Row(string name, LatencySummary s) => string.Create(CultureInfo.InvariantCulture,
        $"{name,-6}{s.Count,7}{s.Errors,7}{s.Throughput,9:F1}{s.P50,9:F1}{s.P90,9:F1}{s.P99,9:F1}{s.Max,9:F1}");

    private static string MarkdownRow(string path, LatencySummary s) => string.Create(CultureInfo.InvariantCulture,
        $"| {path} | {s.Count:N0} | {s.Errors} | {s.Throughput:F1} | {s.P50:F1} | {s.P90:F1} | {s.P99:F1} | {s.Max:F1} |");

    public string Markdown() => string.Create(CultureInfo.InvariantCulture, $"""
        {Heading}

        Keyword search in a fair, `GET /api/fairs/{"{id}"}/positions?q=…&page=1&pageSize=20`, by `deploy/bench.sh search`
        on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Target: p99 under {SearchScenario.TargetP99Ms} ms over HTTP.

        - Machine: {PerformanceReport.Machine()}; PostgreSQL {Data.PostgresVersion}, the server and the load program all on it.
        - Data: {Data.Describe()}.
          Seeding: {(SeedTime is { } t ? $"{t.TotalSeconds:F0} s (binary COPY, then VACUUM ANALYZE)" : "reused from an earlier run")}.
        - Load: {Http.Count:N0} searches after {Warmup:N0} unmeasured, {Concurrency} in flight, each path in turn; half in the big fair, half in
          a random fair; keywords from a fixed list of common and rare Chinese (2–5 characters) and English words;
          {MeanHits:N0} hits per search on average. HTTP is what a browser sees (fair lookup, the search, JSON);
          SQL is the search query the endpoint sends (page and total in one pass), run directly through Npgsql.

        | path | searches | errors | per s | p50 ms | p90 ms | p99 ms | max ms |
        | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
        {MarkdownRow("HTTP", Http)}
        {MarkdownRow("SQL", Sql)}

        HTTP p99 / SQL p99: {Ratio:F2}. Target p99 < {SearchScenario.TargetP99Ms} ms: **{(TargetMet ? "met" : "not met")}**.
        """);
}
