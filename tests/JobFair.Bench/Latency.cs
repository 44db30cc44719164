namespace JobFair.Bench;

/// <summary>One measured phase: how many requests, how fast, in milliseconds. Percentiles are over the successful requests.</summary>
internal sealed record LatencySummary(int Count, int Errors, TimeSpan Elapsed, double P50, double P90, double P99, double Max)
{
    /// <summary>Requests answered per second, successful or not, over the phase's wall-clock time.</summary>
    public double Throughput => Elapsed > TimeSpan.Zero ? Count / Elapsed.TotalSeconds : 0;

    public static LatencySummary From(LoadResult result)
    {
        var ok = result.Millis.Where((_, i) => result.Outcomes[i] == Outcome.Ok).Order().ToArray();
        var count = result.Outcomes.Count(o => o != Outcome.NotRun);
        return new LatencySummary(count, count - ok.Length, result.Elapsed,
            Latency.Percentile(ok, 50), Latency.Percentile(ok, 90), Latency.Percentile(ok, 99), ok.Length > 0 ? ok[^1] : double.NaN);
    }
}

internal static class Latency
{
    /// <summary>
    /// The nearest-rank percentile: the smallest measured value with at least p% of the values
    /// at or below it. No interpolation, so p99 is a latency some request really had.
    /// </summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
