using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace JobFair.Bench.Tools;

/// <summary>What pgbench measured: transactions, their rate, latency percentiles (ms) from its per-transaction log, failures, its CPU.</summary>
internal sealed record PgBenchResult(long Transactions, double PerSecond, double P50, double P99, long Failed, double CpuSeconds, int Clients)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Transactions:N0} transactions at {PerSecond:F1}/s, {Clients} clients, p50 {P50:F1} ms, p99 {P99:F1} ms, {Failed} failed");
}

/// <summary>
/// PostgreSQL's pgbench running a script of ours: the baseline of a scenario, the same SQL the
/// platform's handler commits, without the platform. Statements prepared, as the server's pooled connections send
/// them (Infrastructure/Database.cs: Npgsql's automatic preparation, PostgreSQL's default plan_cache_mode,
/// random_page_cost=1.1, no parallel workers), one connection per client, latency of every transaction read from its log.
/// The search scenario's script calls jf_fair_search_page (0027), which plans its statement on every search, as the endpoint does.
/// </summary>
internal static partial class PgBench
{
    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="clients"/> clients for <paramref name="duration"/>,
    /// or <paramref name="transactions"/> per client; <paramref name="defines"/> become pgbench variables.
    /// </summary>
    public static async Task<PgBenchResult> RunAsync(string connectionString, string workDir, string name, string script, int clients,
        TimeSpan? duration, int? transactions, IReadOnlyDictionary<string, string>? defines, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var scriptFile = Path.Combine(workDir, name + ".pgbench.sql");
        await File.WriteAllTextAsync(scriptFile, script, ct);
        var logDir = Directory.CreateDirectory(Path.Combine(workDir, name + ".pgbench-log")).FullName;
        foreach (var old in Directory.EnumerateFiles(logDir)) File.Delete(old);
        var args = new List<string>
        {
            "-n", "-M", "prepared", "-c", clients.ToString(CultureInfo.InvariantCulture),
            "-j", Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
            "-f", scriptFile, "-l", "--log-prefix", Path.Combine(logDir, "tx"),
            "-h", cs.Host!, "-p", cs.Port.ToString(CultureInfo.InvariantCulture), "-U", cs.Username!,
        };
        if (duration is { } d) args.AddRange(["-T", Math.Max(1, (int)d.TotalSeconds).ToString(CultureInfo.InvariantCulture)]);
        else args.AddRange(["-t", (transactions ?? 1).ToString(CultureInfo.InvariantCulture)]);
        foreach (var (k, v) in defines ?? new Dictionary<string, string>()) args.AddRange(["-D", $"{k}={v}"]);
        args.Add(cs.Database!);
        var run = await ExternalTool.RunAsync("pgbench", args, new Dictionary<string, string>
        {
            ["PGPASSWORD"] = cs.Password ?? "", ["PGOPTIONS"] = "-c random_page_cost=1.1 -c max_parallel_workers_per_gather=0",
        }, ct);
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"pgbench {name} failed (exit {run.ExitCode}): {run.Errors.Trim()}\n{run.Output.Trim()}");

        // Log lines: client_id transaction_no latency_us script_no epoch_s epoch_us; latency is "failed" for a failed one (PostgreSQL 15).
        var latencies = new List<double>();
        long failed = 0;
        foreach (var file in Directory.EnumerateFiles(logDir))
        foreach (var line in File.ReadLines(file))
        {
            var f = line.Split(' ');
            if (f.Length < 3) continue;
            if (long.TryParse(f[2], CultureInfo.InvariantCulture, out var us)) latencies.Add(us / 1000.0);
            else failed++;
        }
        latencies.Sort();
        var tps = Tps().Match(run.Output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new PgBenchResult(latencies.Count + failed, tps, Latency.Percentile(latencies, 50), Latency.Percentile(latencies, 99), failed, run.CpuSeconds, clients);
    }

    [GeneratedRegex(@"tps = ([\d.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
