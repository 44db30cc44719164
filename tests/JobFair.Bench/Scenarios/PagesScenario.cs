using System.Globalization;
using System.Text;
using JobFair.Bench.Suite;
using JobFair.Bench.Tools;

namespace JobFair.Bench.Scenarios;

/// <summary>
/// Issue 12's pages under readers: 50 anonymous readers (wrk, keep-alive) on the home page and on
/// the big fair's page (its figures and a page of its positions, pages 1 to 50), each beside the
/// JSON API answering the same data (<c>GET /api/fairs?status=published&amp;sort=soonest</c>, and the
/// fair's position list <c>GET /api/fairs/{id}/positions</c>). The data is the search scenario's
/// (kept between runs). Target: p99 of each page under 150 ms.
/// </summary>
internal sealed class PagesScenario : IScenario
{
    public string Name => "pages";
    public string Summary => "50 readers on / and the big fair's page (paged positions), wrk, beside the JSON API answering the same data";
    public int Order => 45;
    public const double TargetP99Ms = 150;
    private const int Readers = 50;

    // The search scenario's data: a big fair among 223, seeded once and kept.
    public ServerSpec Server(RunSettings settings) => new(settings.Quick ? "jobfair_bench_search_50k" : "jobfair_bench", Keep: true);

    public async Task<ScenarioResult> RunAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var positions = ctx.Quick ? 50_000 : 500_000;
        ctx.Say($"seeding {positions:N0} postings in {SeedPlan.Fairs} fairs (kept for the next run) ...");
        var seeded = await Seeder.EnsureAsync(ctx.Db, new SeedPlan(positions), ctx.Settings.Reseed, ct);
        var data = await Dataset.ReadAsync(ctx.Db, ct);
        var big = data.BigFairId;
        var warmup = TimeSpan.FromSeconds(ctx.Quick ? 5 : 15);
        var measure = TimeSpan.FromSeconds(ctx.Quick ? 10 : 30);
        var pages = Enumerable.Range(0, 2_000).Select(i => 1 + i % 50).ToArray();

        var runs = new (string Label, string File)[]
        {
            ("HTML /", await Requests(ctx, "home-html", Enumerable.Repeat("/", 100))),
            ("JSON /api/fairs (the home page's data)", await Requests(ctx, "home-json",
                Enumerable.Repeat("/api/fairs?status=published&sort=soonest&page=1&pageSize=10", 100))),
            ($"HTML /fairs/{{id}}?page=1..50", await Requests(ctx, "fair-html", pages.Select(p => $"/fairs/{big}?page={p}"))),
            ("JSON /api/fairs/{id}/positions?page=1..50 (the page's list)", await Requests(ctx, "fair-json",
                pages.Select(p => $"/api/fairs/{big}/positions?page={p}&pageSize=20"))),
        };
        ctx.Say($"each path: a warm-up of {warmup.TotalSeconds:F0} s, then {measure.TotalSeconds:F0} s at {Readers} readers ...");
        var results = new List<(string Label, WrkResult Result)>();
        foreach (var (label, file) in runs)
        {
            // Right before its own stretch: a page's copies (Web/PageCache) warmed before another path's stretch would have
            // expired by now, and all 50 rendered again at once is a cold start, not the steady state of readers.
            await Wrk.RunAsync(ctx.Url, file, Readers, warmup, ct);
            var result = await Wrk.RunAsync(ctx.Url, file, Readers, measure, ct);
            ctx.Say($"{label}: {result.PerSecond:F1}/s, p50 {result.P50:F1} ms, p99 {result.P99:F1} ms, {result.Errors} errors");
            results.Add((label, result));
        }

        var (homeHtml, fairHtml, fairJson) = (results[0].Result, results[2].Result, results[3].Result);
        var errors = results.Sum(r => r.Result.Errors);
        var met = errors == 0 && homeHtml.P99 < TargetP99Ms && fairHtml.P99 < TargetP99Ms;
        var notes = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Data: {data.Describe()}{(seeded is { } s ? $"; seeded in {s.TotalSeconds:F0} s" : "; seeded by an earlier run")}. ")
            .Append(CultureInfo.InvariantCulture, $"{Readers} anonymous readers (wrk, keep-alive), {measure.TotalSeconds:F0} s per path after a warm-up; ");
        foreach (var (label, r) in results)
            notes.Append(CultureInfo.InvariantCulture, $"{label}: {r.PerSecond:F1}/s, p50 {r.P50:F1}, p90 {r.P90:F1}, p99 {r.P99:F1} ms; ");
        notes.Append(CultureInfo.InvariantCulture, $"the fair page also reads the fair and its figures, which the JSON list does not. ")
            .Append(CultureInfo.InvariantCulture, $"Target: p99 < {TargetP99Ms} ms for / and /fairs/{{id}}: {(met ? "met" : "not met")}.");
        var details = new StringBuilder("| path | per second | p50 ms | p90 ms | p99 ms | errors |\n|---|---|---|---|---|---|\n");
        foreach (var (label, r) in results)
            details.Append(CultureInfo.InvariantCulture, $"| {label} | {r.PerSecond:F1} | {r.P50:F1} | {r.P90:F1} | {r.P99:F1} | {r.Errors} |\n");
        return new ScenarioResult(Name, $"fair pages per second ({Readers} readers)", Math.Round(fairHtml.PerSecond, 1),
            "the JSON API's position list of the same fair, same readers", Math.Round(fairJson.PerSecond, 1),
            ScenarioResult.RatioOf(fairHtml.PerSecond, fairJson.PerSecond), fairHtml.P50, fairHtml.P99, errors, notes.ToString())
        {
            Target = $"p99 < {TargetP99Ms:F0} ms (/ and /fairs/{{id}})", TargetMet = met, Details = details.ToString(),
        };
        static async Task<string> Requests(ScenarioContext ctx, string name, IEnumerable<string> paths) =>
            await Wrk.WriteRequestsAsync(ctx.WorkDir, name, paths.Select(p => new WrkRequest("GET", p, ["Accept: text/html,application/json"])), CancellationToken.None);
    }
}
