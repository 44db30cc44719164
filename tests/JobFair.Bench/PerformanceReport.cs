using System.Globalization;

namespace JobFair.Bench;

/// <summary>docs/performance.md: one section per scenario, each replaced by its latest run and the others kept.</summary>
internal static class PerformanceReport
{
    private const string Header = """
        # Performance

        Measured figures of the platform, one section per benchmark scenario. Each section is written by
        `deploy/bench.sh <scenario>` (the program in tests/JobFair.Bench) and replaced by its next run.
        The paths in a section are measured side by side in one run, on a shared and noisy 2-core machine
        that also runs PostgreSQL and the load: compare rows within a section rather than across runs.

        """;

    public static async Task WriteSectionAsync(string path, string heading, string section, CancellationToken ct)
    {
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : Header;
        var lines = text.ReplaceLineEndings("\n").Split('\n').ToList();
        var start = lines.FindIndex(l => l.TrimEnd() == heading);
        var replacement = section.TrimEnd('\n').Split('\n').Append("").ToList();
        if (start < 0)
        {
            while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
            lines.Add("");
            lines.AddRange(replacement);
        }
        else
        {
            var end = lines.FindIndex(start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
            if (end < 0) end = lines.Count;
            lines.RemoveRange(start, end - start);
            lines.InsertRange(start, replacement);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, string.Join('\n', lines).TrimEnd('\n') + "\n", ct);
    }

    /// <summary>Cores, memory and CPU model, as /proc tells them (Linux; "unknown" elsewhere).</summary>
    public static string Machine()
    {
        var cpu = ProcField("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var memory = ProcField("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], CultureInfo.InvariantCulture, out var k)
            ? string.Create(CultureInfo.InvariantCulture, $"{k / 1024.0 / 1024.0:F1} GiB memory")
            : "unknown memory";
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory}";
    }

    private static string? ProcField(string file, string name)
    {
        if (!File.Exists(file)) return null;
        return File.ReadLines(file)
            .Where(l => l.StartsWith(name, StringComparison.Ordinal) && l.Contains(':', StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}
