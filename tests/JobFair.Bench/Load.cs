using System.Diagnostics;

namespace JobFair.Bench;

internal enum Outcome { NotRun, Ok, Failed }

/// <summary>Per request (by index): its latency in milliseconds and how it ended; the first few failures, to show.</summary>
internal sealed record LoadResult(double[] Millis, Outcome[] Outcomes, TimeSpan Elapsed, IReadOnlyList<string> FirstErrors);

/// <summary>A closed-loop load: a fixed number of requests, a fixed number in flight, nothing unbounded.</summary>
internal static class Load
{
    /// <summary>
    /// Sends requests 0..count-1 with <paramref name="concurrency"/> workers; each worker starts
    /// its next request when its last one ends. A request fails by throwing. Cancelling stops
    /// the phase early; requests not run are marked so.
    /// </summary>
    public static async Task<LoadResult> RunAsync(int count, int concurrency, Func<int, CancellationToken, Task> send, CancellationToken ct)
    {
        var millis = new double[count];
        var outcomes = new Outcome[count];
        var errors = new List<string>();
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && !ct.IsCancellationRequested)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await send(i, ct);
                    outcomes[i] = Outcome.Ok;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
#pragma warning disable CA1031 // Any failure of one request is counted and shown, never fatal to the run.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    outcomes[i] = Outcome.Failed;
                    lock (errors) if (errors.Count < 5) errors.Add(e.Message);
                }
                millis[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(workers);
        return new LoadResult(millis, outcomes, Stopwatch.GetElapsedTime(started), errors);
    }
}
