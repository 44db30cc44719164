using System.Globalization;

namespace JobFair.Faults;

/// <summary>A fault deploy/faults.sh injected: from when, until it was over (epoch milliseconds).</summary>
internal sealed record Fault(string Name, string Label, long StartMs, long EndMs);

internal static class Timeline
{
    /// <summary>Lines "name|label|start|end" as deploy/faults.sh writes them.</summary>
    public static IReadOnlyList<Fault> Read(string path) => File.Exists(path)
        ? File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => l.Split('|'))
            .Select(p => new Fault(p[0], p[1], long.Parse(p[2], CultureInfo.InvariantCulture), long.Parse(p[3], CultureInfo.InvariantCulture)))
            .ToList()
        : [];
}

/// <summary>What clients saw, fault by fault, and how long the platform took to recover.</summary>
internal static class Report
{
    /// <summary>Seconds an event may wait in the outbox in normal operation (the dispatcher polls every second).</summary>
    private const double Flowing = 2;

    public static void Print(World world, IReadOnlyList<StudentRequest> requests, IReadOnlyList<Fault> faults, IReadOnlyList<Sample> samples,
        long startedAt, long faultsOverAt, long? settledAt)
    {
        double Seconds(long ms) => (ms - startedAt) / 1000.0;
        var attempts = requests.SelectMany(r => r.Answer?.Attempts ?? []).ToList();

        Console.WriteLine();
        Console.WriteLine("== What clients saw");
        Console.WriteLine($"{requests.Count} requests ({requests.Count(r => r.Kind == "resume")} resume uploads, " +
                          $"{requests.Count(r => r.Kind == "application")} applications) by {world.Students.Count} students: " +
                          $"{attempts.Count} attempts, {attempts.Count - requests.Count} retries; " +
                          $"{requests.Count(r => r.Answer?.Attempts.Count > 1)} requests needed a retry, " +
                          $"at most {requests.Max(r => r.Answer?.Attempts.Count ?? 0)} attempts for one");
        Console.WriteLine($"answers to attempts: {Histogram(attempts)}");

        Console.WriteLine();
        Console.WriteLine("== Faults (seconds from the start of the load)");
        foreach (var fault in faults)
        {
            var during = attempts.Where(a => a.AtMs >= fault.StartMs && a.AtMs <= fault.EndMs + 2_000).ToList();
            var firstOk = attempts.Where(a => a.Status == 201 && a.AtMs > fault.EndMs).Select(a => (long?)a.AtMs).Min();
            var window = samples.Where(s => s.AtMs >= fault.StartMs && s.AtMs <= fault.EndMs).ToList();
            var after = samples.Where(s => s.AtMs > fault.EndMs && s.Reachable).ToList();
            // Under load the outbox is rarely empty: recovered is when no event has waited longer than a moment.
            var flowing = after.Where(s => s.OldestUnsentSeconds < Flowing).Select(s => (long?)s.AtMs).Min();
            var waited = window.Concat(after.TakeWhile(s => s.AtMs <= (flowing ?? long.MaxValue)))
                .Where(s => s.Reachable).Select(s => s.OldestUnsentSeconds).DefaultIfEmpty(0).Max();
            Console.WriteLine($"{fault.Label}: {Seconds(fault.StartMs):0.0}-{Seconds(fault.EndMs):0.0} s ({(fault.EndMs - fault.StartMs) / 1000.0:0.0} s)");
            Console.WriteLine($"    answers meanwhile (and 2 s after): {(during.Count == 0 ? "none" : Histogram(during))}");
            var away = window.Count(s => !s.Reachable) * 0.5;
            var backlog = away > 0 ? $"unknown while the database was unreachable ({away:0.0} s)" : $"up to {window.Max(s => (long?)s.Unsent) ?? 0} events";
            Console.WriteLine($"    outbox backlog meanwhile: {backlog}; events waited up to {waited:0.0} s; " +
                              $"none older than {Flowing:0} s again {After(flowing, fault.EndMs)} after it ended");
            Console.WriteLine($"    first 201 {After(firstOk, fault.EndMs)} after it ended");
        }

        Console.WriteLine();
        var lastEnd = faults.Count > 0 ? faults.Max(f => f.EndMs) : faultsOverAt;
        Console.WriteLine(settledAt is { } settled
            ? $"== Recovery: settled (outbox empty, every notification stored, the figures counted) {(settled - lastEnd) / 1000.0:0.0} s after the last fault ended"
            : "== Recovery: NOT settled within the limit");
        Console.WriteLine();
    }

    private static string After(long? at, long end) => at is { } t ? $"{Math.Max(0, t - end) / 1000.0:0.0} s" : "never";

    private static string Histogram(IEnumerable<Attempt> attempts) => string.Join(", ", attempts
        .GroupBy(a => a.Status == 0 ? a.Failure ?? "no answer" : a.Status.ToString(CultureInfo.InvariantCulture))
        .OrderByDescending(g => g.Count()).Select(g => $"{g.Key} x{g.Count()}"));
}
