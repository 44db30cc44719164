using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace JobFair.Bench;

/// <summary>
/// Issue 6, item 5: one node holds 5,000 hub connections watching one fair, and while applications
/// arrive each fairStats reaches them within 500 ms at p99, none lost. Two paths, one after the
/// other, each with the same connections, the same application load and one event a second:
/// <list type="bullet">
/// <item><b>live</b>: /hubs/live, WatchFair; applications through the API; the figures counted by
/// FairStatsRefresher, through the outbox and LiveBridge, timed from the payload's countedAt.</item>
/// <item><b>bare</b>: /hubs/bench (Bench:BareHub), one group; the bench asks the server once a
/// second to send the same figures there, timed from the moment of sending. The yardstick: what
/// SignalR alone costs on this machine under the same load.</item>
/// </list>
/// </summary>
internal static class LiveFanoutScenario
{
    public const double TargetP99Ms = 500;
    /// <summary>Postings of the one employer: each student applies to each at most once.</summary>
    public const int Positions = 10;
    /// <summary>Events counted in the first seconds of load (first sends to thousands of connections, JIT) are not timed.</summary>
    public static readonly TimeSpan Warmup = TimeSpan.FromSeconds(5);
    private const int ConnectConcurrency = 64, ApplyConcurrency = 32;
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(10), Settle = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync(BenchOptions o, CancellationToken ct)
    {
        var perPath = o.Rate * o.Seconds;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = ApplyConcurrency + 4 })
        { BaseAddress = o.Url, Timeout = TimeSpan.FromSeconds(60) };
        var students = (2 * perPath + Positions - 1) / Positions;
        Console.WriteLine($"arranging a fair, an employer with {Positions} positions and {students} students through the API ...");
        var arranging = Stopwatch.StartNew();
        var world = await LiveWorld.CreateAsync(http, Environment.GetEnvironmentVariable("JOBFAIR_ADMIN_EMAIL") ?? "admin@jobfair.local",
            Environment.GetEnvironmentVariable("JOBFAIR_ADMIN_PASSWORD") ?? throw new InvalidOperationException("JOBFAIR_ADMIN_PASSWORD is not set"),
            Positions, students, ct);
        Console.WriteLine($"arranged in {arranging.Elapsed.TotalSeconds:F0} s: fair {world.FairId}");

        var serverPid = int.TryParse(Environment.GetEnvironmentVariable("JOBFAIR_BENCH_SERVER_PID"), CultureInfo.InvariantCulture, out var pid) ? pid : (int?)null;
        var live = await PhaseAsync("live", o, world, http, 0, Hub(o.Url, "/hubs/live"), "WatchFair", world.FairId, serverPid, broadcast: false, ct);
        var bare = await PhaseAsync("bare", o, world, http, perPath, Hub(o.Url, "/hubs/bench"), "Watch", null, serverPid, broadcast: true, ct);

        var report = new LiveFanoutReport(o, live, bare);
        report.Print(Console.Out);
        var complete = !ct.IsCancellationRequested;
        if (o.ReportPath is { } path && complete)
        {
            await PerformanceReport.WriteSectionAsync(path, LiveFanoutReport.Heading, report.Markdown(), ct);
            Console.WriteLine($"wrote the section \"{LiveFanoutReport.Heading}\" of {path}");
        }
        else if (!complete)
        {
            Console.WriteLine("the run was cut short: nothing recorded");
        }
        return complete && report.TargetMet ? 0 : 1;
    }

    private static Uri Hub(Uri server, string path) => new UriBuilder(server) { Scheme = "ws", Path = path }.Uri;

    private static async Task<FanoutPhase> PhaseAsync(string name, BenchOptions o, LiveWorld world, HttpClient http, int firstApplication,
        Uri hub, string method, Guid? argument, int? serverPid, bool broadcast, CancellationToken ct)
    {
        Console.WriteLine($"{name}: opening {o.Connections:N0} connections to {hub.AbsolutePath} ({method}) ...");
        var connecting = Stopwatch.StartNew();
        var watchers = new HubWatcher?[o.Connections];
        var connectErrors = new List<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, o.Connections),
            new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency, CancellationToken = ct }, async (i, token) =>
            {
                try
                {
                    watchers[i] = await HubWatcher.ConnectAsync(hub, method, argument, token);
                }
#pragma warning disable CA1031 // A connection that cannot be opened is counted, never fatal to the run.
                catch (Exception e) when (!token.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    lock (connectErrors) connectErrors.Add(e.Message);
                }
            });
        var connectTime = connecting.Elapsed;
        var open = watchers.OfType<HubWatcher>().ToList();
        Console.WriteLine($"{name}: {open.Count:N0} connected in {connectTime.TotalSeconds:F1} s; {o.Rate} applications/s for {o.Seconds} s ...");

        using var stopPinging = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pinging = PingAsync(open, stopPinging.Token);
        var cpu = CpuSample.Take(serverPid);
        var loadStart = DateTimeOffset.UtcNow;
        var count = o.Rate * o.Seconds;
        var applying = ApplyAsync(http, world, firstApplication, count, o.Rate, ct);
        var broadcasting = broadcast ? BroadcastAsync(http, world.FairId, TimeSpan.FromSeconds(o.Seconds), ct) : Task.FromResult(0);
        var applied = await applying;
        var broadcasts = await broadcasting;

        // Done when every connection shows the last figures: all applications counted (live), the last broadcast (bare).
        var submitted = firstApplication + applied.Ok;
        bool Final(HubWatcher w) => broadcast ? w.LatestVersion == broadcasts : w.LatestApplications == submitted;
        var settling = Stopwatch.StartNew();
        while (settling.Elapsed < Settle && !open.Where(w => w.IsOpen).All(Final)) await Task.Delay(100, ct);
        var usage = cpu.Until(CpuSample.Take(serverPid));
        var held = open.Count(w => w.IsOpen);
        var final = open.Count(Final);
        var failures = open.Where(w => w.Failure is not null).Select(w => w.Failure!).ToList();

        await stopPinging.CancelAsync();
        await pinging;
        Console.WriteLine($"{name}: {held:N0} connections held, {final:N0} with the final figures; closing ...");
        await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency }, (w, _) => w.DisposeAsync());

        // Every connection was in the group before the load began: it should have every event counted since.
        var receipts = open.Select(w => w.Receipts.Where(r => r.CountedAt >= loadStart).ToList()).ToList();
        var versions = broadcast
            ? Enumerable.Range(1, broadcasts).Select(v => (long)v).ToHashSet()
            : receipts.SelectMany(r => r.Select(x => x.Version)).ToHashSet();
        var lost = receipts.Sum(r => (long)versions.Count - r.Select(x => x.Version).Where(versions.Contains).Distinct().Count());
        var timed = receipts.SelectMany(r => r.Where(x => x.CountedAt >= loadStart + Warmup).Select(x => x.Millis)).Order().ToArray();
        return new FanoutPhase(name, hub.AbsolutePath, o.Connections, open.Count, held, connectTime, connectErrors.Concat(failures).Distinct().Take(5).ToList(),
            timed, receipts.Sum(r => r.Count), receipts.Count == 0 ? 0 : receipts.Min(r => r.Count), receipts.Count == 0 ? 0 : receipts.Max(r => r.Count),
            versions.Count, lost, final, applied, usage);
    }

    /// <summary>Every connection pings once per <see cref="PingEvery"/>, spread evenly rather than all at once.</summary>
    private static async Task PingAsync(List<HubWatcher> watchers, CancellationToken ct)
    {
        const int ticks = 100;
        var perTick = (watchers.Count + ticks - 1) / ticks;
        using var timer = new PeriodicTimer(PingEvery / ticks);
        var next = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                for (var i = 0; i < perTick && watchers.Count > 0; i++, next = (next + 1) % watchers.Count)
                {
                    try
                    {
                        await watchers[next].PingAsync(ct);
                    }
                    catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException)
                    {
                        // that connection failed; it shows as not held
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the phase is over
        }
    }

    /// <summary>An open load: application k is sent k/rate seconds after the start, whatever the answers before it took.</summary>
    private static async Task<Applied> ApplyAsync(HttpClient http, LiveWorld world, int first, int count, int rate, CancellationToken ct)
    {
        var millis = new double[count];
        var ok = new bool[count];
        var errors = new List<string>();
        using var gate = new SemaphoreSlim(ApplyConcurrency);
        var started = Stopwatch.GetTimestamp();
        var sending = new List<Task>(count);
        for (var i = 0; i < count && !ct.IsCancellationRequested; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            await gate.WaitAsync(ct);
            var n = i;
            sending.Add(Task.Run(async () =>
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await LiveWorld.ApplyAsync(http, world, first + n, ct);
                    ok[n] = response.StatusCode == HttpStatusCode.Created;
                    if (!ok[n])
                    {
                        var problem = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}";
                        lock (errors) errors.Add(problem);
                    }
                }
#pragma warning disable CA1031 // A failed application is counted and shown.
                catch (Exception e) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    lock (errors) errors.Add(e.Message);
                }
                finally
                {
                    millis[n] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                    gate.Release();
                }
            }, CancellationToken.None));
        }
        await Task.WhenAll(sending);
        var sorted = millis.Where((_, i) => ok[i]).Order().ToArray();
        return new Applied(count, ok.Count(x => x), Latency.Percentile(sorted, 50), Latency.Percentile(sorted, 99), errors.Distinct().Take(3).ToList());
    }

    /// <summary>Once a second, as the refresher counts a busy fair: broadcast number 1, 2, ... to the bare hub's group.</summary>
    private static async Task<int> BroadcastAsync(HttpClient http, Guid fairId, TimeSpan duration, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var started = Stopwatch.GetTimestamp();
        var sent = 0;
        while (Stopwatch.GetElapsedTime(started) < duration && await timer.WaitForNextTickAsync(ct))
        {
            using var response = await http.PostAsync(new Uri($"/bench/broadcast?fairId={fairId}&version={sent + 1}", UriKind.Relative), null, ct);
            if (response.StatusCode != HttpStatusCode.NoContent)
                throw new HttpRequestException($"{(int)response.StatusCode} from the bench broadcast (is Bench:BareHub on?): {await response.Content.ReadAsStringAsync(ct)}");
            sent++;
        }
        return sent;
    }
}
