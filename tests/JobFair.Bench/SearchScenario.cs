using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace JobFair.Bench;

/// <summary>One search of the plan: which fair, which keywords.</summary>
internal sealed record Search(Guid FairId, bool BigFair, string Q);

/// <summary>
/// Issue 3: a keyword search in a fair answers in under 50 ms at p99 with 500,000 postings in 223
/// fairs. The same searches run over HTTP and as the endpoint's SQL, side by side, so the report
/// shows what the database costs and what the server adds.
/// </summary>
internal static class SearchScenario
{
    public const double TargetP99Ms = 50;

    // Common and rare, Chinese (2 to 5 characters) and English, as students type them.
    private static readonly string[] Keywords =
    [
        "软件", "开发", "工程师", "开发工程师", "嵌入式", "嵌入式软件", "前端", "算法", "测试", "数据分析", "产品经理", "运营",
        "会计", "财务", "销售", "销售代表", "客服", "人力资源", "行政", "教师", "护士", "药剂师", "机械设计", "土木", "造价",
        "电气", "芯片", "通信", "翻译", "同声传译", "精算师", "区块链", "武汉", "五险一金", "java", "python", "sales", "golang",
    ];

    // As SearchFairPositions.BestMatchesAsync sends it (one pass: page and total, no filters); keep in step with it.
    private const string ListSql = """
        WITH hits AS MATERIALIZED (
            SELECT e.position_id, e.shared_at,
                   CASE WHEN e.head_vector @@ jf_search_query_in(@q, 'A') THEN 2
                        WHEN e.head_vector @@ jf_search_query(@q) THEN 1 ELSE 0 END AS tier
            FROM search_entries e
            WHERE e.fair_id = @id AND e.open_until > @now
              AND e.search_vector @@ jf_entry_query(@q, @id, jf_filter_tokens(NULL::text, NULL::text, NULL::uuid, NULL::text[]))
        )
        SELECT p.id, p.title, p.employer_id, p.employer_name, p.city, p.degree, p.openings, p.majors, p.salary_min, p.salary_max,
               p.closes_at, h.shared_at, (SELECT count(*) FROM hits)::int AS total
        FROM (SELECT * FROM hits ORDER BY tier DESC, shared_at DESC, position_id LIMIT @size OFFSET @skip) h
        JOIN positions p ON p.id = h.position_id
        ORDER BY h.tier DESC, h.shared_at DESC, h.position_id
        """;

    public static async Task<int> RunAsync(BenchOptions o, CancellationToken ct)
    {
        // As the server's data source (Database.cs): no DISCARD ALL between uses, so cached plans survive.
        // No default timeout: a seeding COPY of shares completes only when its triggers have written the
        // search entries (minutes); the measured commands set their own.
        var connection = new NpgsqlConnectionStringBuilder(o.ConnectionString)
            { MaxPoolSize = o.Concurrency + 2, NoResetOnClose = true, CommandTimeout = 0 };
        await using var db = NpgsqlDataSource.Create(connection.ConnectionString);

        Console.WriteLine($"seeding {o.Positions:N0} postings in {SeedPlan.Fairs} fairs ...");
        var seedTime = await Seeder.EnsureAsync(db, new SeedPlan(o.Positions), o.Reseed, ct);
        Console.WriteLine(seedTime is { } took ? $"seeded in {took.TotalSeconds:F1} s" : "data already there: seeding skipped (--reseed to redo)");
        var data = await Dataset.ReadAsync(db, ct);
        Console.WriteLine(data.Describe());

        // One plan for both phases: the same fairs and keywords in the same order.
        var rng = new Random(3);
        var plan = Enumerable.Range(0, o.Warmup + o.Requests).Select(_ =>
        {
            var big = rng.Next(2) == 0;
            return new Search(big ? data.BigFairId : data.FairIds[rng.Next(data.FairIds.Count)], big, Keywords[rng.Next(Keywords.Length)]);
        }).ToArray();

        var httpTotals = new int[plan.Length];
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Concurrency })
        { BaseAddress = o.Url, Timeout = TimeSpan.FromSeconds(30) };
        var httpResult = await PhaseAsync("HTTP", o, plan.Length, async (i, token) => httpTotals[i] = await HttpSearchAsync(http, plan[i], token), ct);

        var sqlTotals = new int[plan.Length];
        var sqlResult = await PhaseAsync("SQL", o, plan.Length, async (i, token) => sqlTotals[i] = await SqlSearchAsync(db, plan[i], token), ct);

        var measured = Enumerable.Range(o.Warmup, o.Requests)
            .Where(i => httpResult.Outcomes[i - o.Warmup] == Outcome.Ok && sqlResult.Outcomes[i - o.Warmup] == Outcome.Ok).ToList();
        var disagreeing = measured.Count(i => httpTotals[i] != sqlTotals[i]);
        var report = new SearchReport(data, o.Concurrency, o.Warmup, LatencySummary.From(httpResult), LatencySummary.From(sqlResult), seedTime,
            measured.Count == 0 ? 0 : measured.Average(i => httpTotals[i]));
        report.Print(Console.Out);
        if (disagreeing > 0) Console.WriteLine($"warning: HTTP and SQL totals differ for {disagreeing} of {measured.Count} searches");
        PrintSlowest(plan.AsSpan(o.Warmup), sqlResult, sqlTotals.AsSpan(o.Warmup));

        // A run cut short (time limit, Ctrl+C) is shown but not recorded: its figures are not comparable.
        var complete = report.Http.Count == o.Requests && report.Sql.Count == o.Requests;
        if (o.ReportPath is { } path && complete)
        {
            await PerformanceReport.WriteSectionAsync(path, SearchReport.Heading, report.Markdown(), ct);
            Console.WriteLine($"wrote the section \"{SearchReport.Heading}\" of {path}");
        }
        else if (!complete)
        {
            Console.WriteLine("the run was cut short: nothing recorded");
        }
        return complete && report.Http.Errors == 0 && report.Sql.Errors == 0 && disagreeing == 0 ? 0 : 1;
    }

    /// <summary>Warm-up (not measured: connection pools, JIT, caches), then the measured requests.</summary>
    private static async Task<LoadResult> PhaseAsync(string name, BenchOptions o, int total, Func<int, CancellationToken, Task> send, CancellationToken ct)
    {
        Console.WriteLine($"{name}: {o.Warmup} warm-up and {o.Requests} measured requests, {o.Concurrency} at a time ...");
        var warmup = await Load.RunAsync(o.Warmup, o.Concurrency, send, ct);
        var measured = await Load.RunAsync(total - o.Warmup, o.Concurrency, (i, token) => send(o.Warmup + i, token), ct);
        foreach (var error in warmup.FirstErrors.Concat(measured.FirstErrors).Distinct()) Console.WriteLine($"  {name} error: {error}");
        return measured;
    }

    private static async Task<int> HttpSearchAsync(HttpClient http, Search search, CancellationToken ct)
    {
        var path = $"api/fairs/{search.FairId}/positions?q={Uri.EscapeDataString(search.Q)}&page=1&pageSize=20";
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
        if (response.StatusCode != HttpStatusCode.OK) throw new HttpRequestException($"{(int)response.StatusCode} for GET /{path}");
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var page = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        return page.RootElement.GetProperty("total").GetInt32();
    }

    /// <summary>What the endpoint sends for one search: one query for the page and its total.</summary>
    private static async Task<int> SqlSearchAsync(NpgsqlDataSource db, Search search, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var now = DateTime.UtcNow;
        await using var list = Command(conn, ListSql, search, now);
        list.Parameters.AddWithValue("size", 20);
        list.Parameters.AddWithValue("skip", 0);
        await using var rows = await list.ExecuteReaderAsync(ct);
        var total = 0;
        while (await rows.ReadAsync(ct))
        {
            // Reading every column is part of the cost the endpoint pays.
            for (var c = 0; c < rows.FieldCount; c++) _ = rows.GetValue(c);
            total = rows.GetInt32(rows.GetOrdinal("total"));
        }
        return total;
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, string sql, Search search, DateTime now)
    {
        var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 30 };
        cmd.Parameters.AddWithValue("id", search.FairId);
        cmd.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
        cmd.Parameters.AddWithValue("q", search.Q);
        return cmd;
    }

    /// <summary>Where the time goes: the slowest fair-and-keyword kinds, by mean SQL latency.</summary>
    private static void PrintSlowest(ReadOnlySpan<Search> plan, LoadResult sql, ReadOnlySpan<int> totals)
    {
        var rows = new List<(string Kind, double Ms, int Total)>();
        for (var i = 0; i < plan.Length; i++)
            if (sql.Outcomes[i] == Outcome.Ok) rows.Add(((plan[i].BigFair ? "big fair, " : "other fair, ") + plan[i].Q, sql.Millis[i], totals[i]));
        Console.WriteLine("slowest searches (SQL, mean ms / max ms / mean hits):");
        foreach (var g in rows.GroupBy(r => r.Kind).OrderByDescending(g => g.Average(r => r.Ms)).Take(8))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {g.Key,-24} {g.Average(r => r.Ms),7:F1} {g.Max(r => r.Ms),7:F1} {g.Average(r => r.Total),8:F0}"));
    }
}
