using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace JobFair.Bench.Tools;

/// <summary>What a load tool printed, how it ended, and the CPU it used (user + system seconds).</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Errors, double CpuSeconds, TimeSpan Elapsed);

/// <summary>
/// Runs wrk or pgbench and measures the CPU it used, which is part of the load generator's share
/// of the machine: the tool runs under a bash whose <c>times</c> builtin reports its children's
/// user and system time once the tool has exited.
/// </summary>
internal static partial class ExternalTool
{
    private const string Marker = "=== cpu of the tool ===";

    public static async Task<ToolRun> RunAsync(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment,
        CancellationToken ct)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"\"$@\"; rc=$?; echo '{Marker}' >&2; times >&2; exit $rc");
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add(program);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var err = await errors;
        var cut = err.LastIndexOf(Marker, StringComparison.Ordinal);
        var cpu = 0.0;
        if (cut >= 0)
        {
            // times: the shell's own user/system time on the first line, its children's on the second.
            var lines = err[(cut + Marker.Length)..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length >= 2)
                cpu = Duration().Matches(lines[1]).Sum(m =>
                    double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 60 + double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            err = err[..cut];
        }
        return new ToolRun(process.ExitCode, await output, err, cpu, clock.Elapsed);
    }

    [GeneratedRegex(@"(\d+)m([\d.]+)s")]
    private static partial Regex Duration();
}
