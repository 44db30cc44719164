using System.Text.Json.Serialization;

namespace JobFair.Bench.Suite;

/// <summary>
/// One row of bench-results/&lt;timestamp&gt;.json, in the shape issue 15 fixes: what was measured
/// (<see cref="Metric"/>, <see cref="Value"/>), the baseline beside it, their ratio, latency of the
/// platform's path, errors, and notes (the conditions, the target and whether it was met).
/// </summary>
internal sealed record ScenarioResult(
    string Name, string Metric, double? Value, string? Baseline, double? BaselineValue, double? Ratio,
    double? P50Ms, double? P99Ms, long Errors, string Notes)
{
    /// <summary>The target, in words (shown in the Markdown table).</summary>
    [JsonIgnore] public string Target { get; init; } = "";

    /// <summary>Whether the target was met; null when there is none or the run could not tell.</summary>
    [JsonIgnore] public bool? TargetMet { get; init; }

    /// <summary>A longer account for the Markdown file: tables per request kind, per path, and so on.</summary>
    [JsonIgnore] public string? Details { get; init; }

    /// <summary>What makes the figures honest (everyone called once, nothing lost, ...): the target counts as met only when each passed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<Check>? Checks { get; init; }

    /// <summary>A scenario that could not run to its end: what went wrong, in place of figures.</summary>
    public static ScenarioResult Failed(string name, string why) =>
        new(name, "not measured", null, null, null, null, null, null, 1, $"the run failed: {why}") { TargetMet = false };

    /// <summary>value / baseline, when both are there.</summary>
    public static double? RatioOf(double? value, double? baseline) =>
        value is { } v && baseline is { } b && b > 0 ? Math.Round(v / b, 3) : null;
}

/// <summary>One condition a scenario's run must satisfy for its figures to mean anything, and what was found.</summary>
internal sealed record Check(string Name, bool Passed, string Detail);
