using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobFair.Bench.Suite;

/// <summary>bench-results/&lt;UTC timestamp&gt;.json in the shape of issue 15, and a Markdown table beside it.</summary>
internal sealed record SuiteResults(Dictionary<string, object?> Machine, List<ScenarioResult> Scenarios)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>What the figures were measured on: they compare across runs only as ratios, and only with this beside them.</summary>
    public static Dictionary<string, object?> DescribeMachine(RunSettings settings, string postgres) => new()
    {
        ["cores"] = Environment.ProcessorCount,
        ["cpu"] = ProcField("/proc/cpuinfo", "model name") ?? "unknown",
        ["memoryGiB"] = ProcField("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], CultureInfo.InvariantCulture, out var k)
            ? Math.Round(k / 1024.0 / 1024.0, 1) : null,
        ["os"] = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"') : null,
        ["dotnet"] = Environment.Version.ToString(),
        ["postgres"] = postgres,
        // Measured by deploy/bench.sh with pg_test_fsync just before the suite (what each synchronous commit waits for).
        ["fdatasyncMs"] = double.TryParse(Environment.GetEnvironmentVariable("JOBFAIR_BENCH_FDATASYNC_US"), CultureInfo.InvariantCulture, out var us)
            ? Math.Round(us / 1000, 3) : null,
        ["quick"] = settings.Quick,
        ["startedAt"] = DateTimeOffset.UtcNow,
        ["loadAverageBefore"] = Tools.Meter.LoadAverage(),
        ["sharedWith"] = "the server, PostgreSQL and the load generator run on this machine together, beside other engineers' work",
    };

    /// <summary>How a result file is named by its moment: a UTC time that sorts and fits a file name.</summary>
    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH-mm-ss'Z'", CultureInfo.InvariantCulture);

    public async Task<(string Json, string Markdown)> WriteAsync(string dir, DateTimeOffset started, CancellationToken ct)
    {
        Directory.CreateDirectory(dir);
        var stem = Path.Combine(dir, Stamp(started));
        await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(new { machine = Machine, scenarios = Scenarios }, Json) + "\n", ct);
        await File.WriteAllTextAsync(stem + ".md", Markdown(), ct);
        return (stem + ".json", stem + ".md");
    }

    public string Table()
    {
        var md = new StringBuilder();
        md.AppendLine("| scenario | metric | value | baseline | baseline value | ratio | p50 ms | p99 ms | errors | target | met |");
        md.AppendLine("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var s in Scenarios)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Name} | {s.Metric} | {N(s.Value)} | {s.Baseline ?? "–"} | {N(s.BaselineValue)} | {N(s.Ratio, "F2")} | {N(s.P50Ms)} | {N(s.P99Ms)} | {s.Errors:N0} | {s.Target} | {(s.TargetMet is { } met ? met ? "yes" : "**no**" : "–")} |");
        return md.ToString();
    }

    private string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Bench results {Machine["startedAt"]:yyyy-MM-dd HH:mm} UTC{((bool)Machine["quick"]! ? " (--quick)" : "")}");
        md.AppendLine();
        var disk = Machine.GetValueOrDefault("fdatasyncMs") is { } fdatasync
            ? string.Create(CultureInfo.InvariantCulture, $"fdatasync {fdatasync} ms") : "fdatasync not measured";
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Machine: {Machine["cores"]} cores ({Machine["cpu"]}), {Machine["memoryGiB"]} GiB, {Machine["os"]}; .NET {Machine["dotnet"]}; PostgreSQL {Machine["postgres"]}; {disk}. " +
            $"Load average {Machine["loadAverageBefore"]} before the suite, {Machine.GetValueOrDefault("loadAverageAfter")} after; {Machine.GetValueOrDefault("minutes")} minutes in all.");
        md.AppendLine();
        md.Append(Table());
        md.AppendLine();
        foreach (var s in Scenarios)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## {s.Name}");
            md.AppendLine();
            md.AppendLine(s.Notes);
            if (s.Checks is { Count: > 0 } checks)
            {
                md.AppendLine();
                foreach (var check in checks)
                    md.AppendLine(CultureInfo.InvariantCulture, $"- {(check.Passed ? "passed" : "**FAILED**")}: {check.Name} ({check.Detail})");
            }
            if (s.Details is { } details)
            {
                md.AppendLine();
                md.AppendLine(details.TrimEnd());
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    private static string N(double? value, string format = "N1") =>
        value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string? ProcField(string file, string name) =>
        !File.Exists(file) ? null : File.ReadLines(file)
            .Where(l => l.StartsWith(name, StringComparison.Ordinal) && l.Contains(':', StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
}
