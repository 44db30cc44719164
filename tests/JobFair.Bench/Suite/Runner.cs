using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace JobFair.Bench.Suite;

/// <summary>
/// Runs the asked scenarios one after the other, each on a freshly started server over its own
/// database, and writes every result (a failed scenario too) to bench-results/.
/// </summary>
internal static class Runner
{
    public static string ScenarioList() => string.Join('\n',
        Registry.All.Select(s => $"  {s.Name,-12} {s.Summary}")
            .Concat(Registry.Unavailable.Select(u => $"  {u.Name,-12} not available yet: {u.Why}")));

    /// <summary>0 when every named scenario can run; 3 (and why) for one not available yet; 2 for an unknown name.</summary>
    public static int Check(IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (Registry.NotYet(name) is { } why)
            {
                Console.Error.WriteLine($"{name}: not available yet: {why}. Nothing was run.");
                return 3;
            }
            if (Registry.Find(name) is null)
            {
                Console.Error.WriteLine($"unknown scenario {name}; the scenarios:\n{ScenarioList()}");
                return 2;
            }
        }
        return 0;
    }

    public static async Task<int> RunAsync(RunSettings settings, CancellationToken ct)
    {
        var names = settings.Scenarios.Count > 0 ? settings.Scenarios.Distinct().ToList() : Registry.All.Select(s => s.Name).ToList();
        if (Check(names) is not 0 and var refused) return refused;

        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await using var cluster = NpgsqlDataSource.Create(settings.Database("postgres"));
        await using var version = cluster.CreateCommand("SELECT version()");
        var machine = SuiteResults.DescribeMachine(settings, ((string)(await version.ExecuteScalarAsync(ct))!).Split(',')[0]);
        var results = new List<ScenarioResult>();
        foreach (var scenario in names.Select(n => Registry.Find(n)!).OrderBy(s => s.Order))
        {
            Console.WriteLine($"=== {scenario.Name}: {scenario.Summary} (load average {Tools.Meter.LoadAverage()})");
            var scenarioClock = Stopwatch.StartNew();
            ScenarioResult result;
            try
            {
                result = await RunOneAsync(scenario, settings, cluster, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Console.WriteLine($"[{scenario.Name}] failed: {e}");
                result = ScenarioResult.Failed(scenario.Name, e.Message);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"=== {scenario.Name}: {result.Metric} {result.Value:N1} (baseline {result.BaselineValue:N1}, ratio {result.Ratio:F2}), " +
                $"p99 {result.P99Ms:N1} ms, {result.Errors} errors, target {(result.TargetMet is { } met ? met ? "met" : "NOT met" : "–")}; " +
                $"{scenarioClock.Elapsed.TotalMinutes:F1} min"));
            results.Add(result);
            if (ct.IsCancellationRequested) break;
        }

        machine["loadAverageAfter"] = Tools.Meter.LoadAverage();
        machine["minutes"] = Math.Round(clock.Elapsed.TotalMinutes, 1);
        machine["notAvailableYet"] = Registry.Unavailable.ToDictionary(u => u.Name, u => u.Why);
        var suite = new SuiteResults(machine, results);
        var (json, markdown) = await suite.WriteAsync(settings.ResultsDir, started, CancellationToken.None);
        Console.WriteLine();
        Console.Write(suite.Table());
        Console.WriteLine();
        Console.WriteLine($"{clock.Elapsed.TotalMinutes:F1} minutes; wrote {json} and {markdown}");
        return results.Any(r => r.Metric == "not measured") ? 1 : 0;
    }

    private static async Task<ScenarioResult> RunOneAsync(IScenario scenario, RunSettings settings, NpgsqlDataSource cluster, CancellationToken ct)
    {
        var spec = scenario.Server(settings);
        await using (var exists = cluster.CreateCommand("SELECT 1 FROM pg_database WHERE datname = $1"))
        {
            exists.Parameters.AddWithValue(spec.Database);
            var present = await exists.ExecuteScalarAsync(ct) is not null;
            if (present && !spec.Keep)
            {
                await using var drop = cluster.CreateCommand($"DROP DATABASE \"{spec.Database}\" WITH (FORCE)");
                await drop.ExecuteNonQueryAsync(ct);
            }
            if (!present || !spec.Keep)
            {
                await using var create = cluster.CreateCommand($"CREATE DATABASE \"{spec.Database}\"");
                await create.ExecuteNonQueryAsync(ct);
            }
        }
        var cs = settings.Database(spec.Database);
        var log = Path.Combine(Directory.CreateDirectory(settings.WorkDir).FullName, $"server-{scenario.Name}.log");
        await using var server = await BenchServer.StartAsync(settings, cs, spec, log, ct);
        // The bench's own pool: like the server's (no DISCARD ALL on reuse), no command timeout (seeding takes minutes).
        var own = new NpgsqlConnectionStringBuilder(cs) { NoResetOnClose = true, CommandTimeout = 0, MaxPoolSize = 60 };
        await using var db = NpgsqlDataSource.Create(own.ConnectionString);
        return await scenario.RunAsync(new ScenarioContext(scenario.Name, settings, server, db, cs), ct);
    }
}
