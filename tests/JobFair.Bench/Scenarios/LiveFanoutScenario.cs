using System.Diagnostics;
using System.Globalization;
using System.Net;
using JobFair.Bench.Suite;

namespace JobFair.Bench.Scenarios;

/// <summary>
/// Issue 6, item 5: one node holds 5,000 hub connections watching one fair, and while applications
/// arrive each fairStats reaches them within 500 ms at p99, none lost. Two paths, each with as many
/// connections (both sets open throughout), taking turns under the same application load, one
/// event a second:
/// <list type="bullet">
/// <item><b>live</b>: /hubs/live, WatchFair; applications through the API; the figures counted by
/// FairStatsRefresher, through the outbox and LiveBridge, timed from the payload's countedAt.</item>
/// <item><b>bare</b>: /hubs/bench (Bench:BareHub), one group; the bench asks the server once a
/// second to send the same figures there, timed from the moment of sending; the applications of its
/// turns go to a fair nobody watches. The yardstick: what SignalR alone costs on this machine under
/// the same load.</item>
/// </list>
/// </summary>
internal sealed class LiveFanoutScenario : IScenario
{
    public string Name => "live-fanout";
    public string Summary => "fairStats to 5,000 hub connections (1,000 with --quick) while applications arrive, beside the bare hub";
    public int Order => 30;

    // Its own database, new each run: the fairs it adds through the API start from zero figures.
    public ServerSpec Server(RunSettings settings) =>
        new("jobfair_bench_live", Settings: new Dictionary<string, string> { ["Bench:BareHub"] = "true" });

    public async Task<ScenarioResult> RunAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var load = ctx.Quick ? new FanoutLoad(1_000, 20, 5) : new FanoutLoad(5_000, 60, 5);
        var report = await MeasureAsync(ctx.Url, load, ctx.Server.Pid, ct);
        var errors = (load.Connections - report.Live.Held) + report.Live.Lost + (report.Live.Applied.Sent - report.Live.Applied.Ok)
                     + (load.Connections - report.Bare.Held) + report.Bare.Lost;
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"{load.Connections:N0} anonymous hub connections WatchFair on /hubs/live beside as many on the bare hub (/hubs/bench, Bench:BareHub), both open throughout, the paths taking {report.Turns} turns each ({load.Seconds} s of load a path) with {load.Rate} applications/s through the API. ") +
            string.Create(CultureInfo.InvariantCulture,
            $"live: {report.Live.Held:N0} held, {report.Live.Lost} events lost, {report.Live.GotFinal:N0} ended with the final figures, p50 {report.Live.P(50):F1} ms, p99 {report.Live.P(99):F1} ms (first connection {report.Live.FirstP50:F0} ms, fan-out spread {report.Live.SpreadP50:F0} ms at the median); {report.Live.Cpu.Describe()}. ") +
            string.Create(CultureInfo.InvariantCulture,
            $"bare: {report.Bare.Held:N0} held, p50 {report.Bare.P(50):F1} ms, p99 {report.Bare.P(99):F1} ms; {report.Bare.Cpu.Describe()}. Ratio: live p99 / bare p99 (lower is better; 1 = the platform adds nothing). ") +
            $"Target: p99 < {TargetP99Ms:F0} ms{(ctx.Quick ? " (set for 5,000 connections; --quick holds 1,000)" : "")}, every connection held, nothing lost: {(report.TargetMet ? "met" : "not met")}.";
        return new ScenarioResult(Name, $"fairStats p99 ms at {load.Connections:N0} connections (live hub)", Math.Round(report.Live.P(99), 1),
            "the bare hub in the same process sending the same payload", Math.Round(report.Bare.P(99), 1), ScenarioResult.RatioOf(report.Live.P(99), report.Bare.P(99)),
            report.Live.P(50), report.Live.P(99), errors, notes)
        {
            Target = $"p99 < {TargetP99Ms:F0} ms at 5,000", TargetMet = report.TargetMet, Details = report.Markdown(),
        };
    }

    public const double TargetP99Ms = 500;
    /// <summary>Postings of the one employer: each student applies to each at most once.</summary>
    public const int Positions = 10;
    /// <summary>Events counted in a path's first seconds of load (first sends to thousands of connections, JIT) are not timed.</summary>
    public static readonly TimeSpan Warmup = TimeSpan.FromSeconds(5);
    /// <summary>Each path's load comes in segments of about this length, the paths taking turns.</summary>
    public const int SegmentSeconds = 15;
    /// <summary>After a segment, its last figures reach their connections before the other path's turn.</summary>
    private static readonly TimeSpan Trail = TimeSpan.FromSeconds(2);
    private const int ConnectConcurrency = 64, ApplyConcurrency = 32;
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(10), Settle = TimeSpan.FromSeconds(20);

    /// <summary>One path under test: its connections, and what its segments of load did.</summary>
    private sealed class PathRun(string name, Uri hub, string method, Guid? argument, Guid applicationsFair, bool broadcast, int? serverPid)
    {
        public string Name => name;
        public bool Broadcast => broadcast;
        public Guid ApplicationsFair => applicationsFair;
        public List<HubWatcher> Watchers { get; } = [];
        public List<string> Errors { get; } = [];
        public TimeSpan ConnectTime { get; private set; }
        public DateTimeOffset? LoadStart { get; set; }
        public int Broadcasts { get; set; }
        public ApplyTally Applied { get; } = new();
        public CpuMeter Cpu { get; } = new(serverPid);

        public async Task OpenAsync(int connections, CancellationToken ct)
        {
            Console.WriteLine($"{name}: opening {connections:N0} connections to {hub.AbsolutePath} ({method}) ...");
            var clock = Stopwatch.StartNew();
            var opened = new HubWatcher?[connections];
            await Parallel.ForEachAsync(Enumerable.Range(0, connections),
                new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency, CancellationToken = ct }, async (i, token) =>
                {
                    try
                    {
                        opened[i] = await HubWatcher.ConnectAsync(hub, method, argument, token);
                    }
#pragma warning disable CA1031 // A connection that cannot be opened is counted, never fatal to the run.
                    catch (Exception e) when (!token.IsCancellationRequested)
#pragma warning restore CA1031
                    {
                        lock (Errors) Errors.Add(e.Message);
                    }
                });
            ConnectTime = clock.Elapsed;
            Watchers.AddRange(opened.OfType<HubWatcher>());
            Console.WriteLine($"{name}: {Watchers.Count:N0} connected in {ConnectTime.TotalSeconds:F1} s");
        }

        /// <summary>Done when it shows the last figures: every application counted (live), the last broadcast (bare).</summary>
        public bool Final(HubWatcher w) => broadcast ? w.LatestVersion == Broadcasts : w.LatestApplications == Applied.Ok;

        /// <summary>What the connections got, once closed. Every one was in its group before the load began: it is owed every event since.</summary>
        public FanoutPhase Result(int requested, int held, int final)
        {
            var since = LoadStart ?? DateTimeOffset.MaxValue;
            var receipts = Watchers.Select(w => w.Receipts.Where(r => r.CountedAt >= since).ToList()).ToList();
            var versions = broadcast
                ? Enumerable.Range(1, Broadcasts).Select(v => (long)v).ToHashSet()
                : receipts.SelectMany(r => r.Select(x => x.Version)).ToHashSet();
            var lost = receipts.Sum(r => (long)versions.Count - r.Select(x => x.Version).Where(versions.Contains).Distinct().Count());
            var timed = receipts.SelectMany(r => r.Where(x => x.CountedAt >= since + Warmup)).ToList();
            // Per event: when its first connection had it (the path up to the fan-out) and how long the rest took (the fan-out).
            var events = timed.GroupBy(x => x.Version).Select(g => (Version: g.Key, First: g.Min(x => x.Millis), Spread: g.Max(x => x.Millis) - g.Min(x => x.Millis))).ToList();
            Console.WriteLine($"{name}: slowest events (version: first ms + spread ms): " + string.Join(", ",
                events.OrderByDescending(e => e.First + e.Spread).Take(6).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Version}: {e.First:F0} + {e.Spread:F0}"))));
            return new FanoutPhase(name, hub.AbsolutePath, requested, Watchers.Count, held, ConnectTime,
                Errors.Concat(Watchers.Where(w => w.Failure is not null).Select(w => w.Failure!)).Distinct().Take(5).ToList(),
                timed.Select(x => x.Millis).Order().ToArray(), Latency.Percentile(events.Select(e => e.First).Order().ToArray(), 50),
                Latency.Percentile(events.Select(e => e.Spread).Order().ToArray(), 50), receipts.Sum(r => r.Count), receipts.Count == 0 ? 0 : receipts.Min(r => r.Count),
                receipts.Count == 0 ? 0 : receipts.Max(r => r.Count), versions.Count, lost, final, Applied.Summary(), Cpu.Usage(),
                Watchers.Select(w => w.FairStatsBytes).DefaultIfEmpty().Max());
        }
    }

    private static async Task<LiveFanoutReport> MeasureAsync(Uri url, FanoutLoad o, int serverPid, CancellationToken ct)
    {
        var perPath = o.Rate * o.Seconds;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = ApplyConcurrency + 4 })
        { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        var students = (2 * perPath + Positions - 1) / Positions;
        Console.WriteLine($"arranging two fairs, an employer with {Positions} positions and {students} students through the API ...");
        var arranging = Stopwatch.StartNew();
        var world = await LiveWorld.CreateAsync(http, Environment.GetEnvironmentVariable("JOBFAIR_ADMIN_EMAIL") ?? "admin@jobfair.local",
            Environment.GetEnvironmentVariable("JOBFAIR_ADMIN_PASSWORD") ?? throw new InvalidOperationException("JOBFAIR_ADMIN_PASSWORD is not set"),
            Positions, students, ct);
        Console.WriteLine($"arranged in {arranging.Elapsed.TotalSeconds:F0} s: fair {world.FairId}");

        var live = new PathRun("live", Hub(url, "/hubs/live"), "WatchFair", world.FairId, world.FairId, broadcast: false, serverPid);
        // The bare turns' applications go to the fair nobody watches: the server counts and publishes as
        // much as in the live turns, and the only fan-out is the bare hub's.
        var bare = new PathRun("bare", Hub(url, "/hubs/bench"), "Watch", null, world.UnwatchedFairId, broadcast: true, serverPid);
        await live.OpenAsync(o.Connections, ct);
        await bare.OpenAsync(o.Connections, ct);
        var all = live.Watchers.Concat(bare.Watchers).ToList();
        using var stopPinging = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pinging = PingAsync(all, stopPinging.Token);

        // Turns in the order live, bare, bare, live, live, ...: what the machine's other work does over
        // the run falls on both paths alike.
        var segments = Math.Max(1, (o.Seconds + SegmentSeconds / 2) / SegmentSeconds);
        var lengths = Enumerable.Range(0, segments).Select(i => o.Seconds * (i + 1) / segments - o.Seconds * i / segments).ToArray();
        var next = 0;
        for (var i = 0; i < segments; i++)
        {
            foreach (var path in i % 2 == 0 ? [live, bare] : new[] { bare, live })
            {
                Console.WriteLine($"{path.Name}: {o.Rate} applications/s for {lengths[i]} s (turn {i + 1} of {segments}) ...");
                await SegmentAsync(path, http, world, next, o.Rate, lengths[i], ct);
                next += o.Rate * lengths[i];
            }
        }

        var settling = Stopwatch.StartNew();
        while (settling.Elapsed < Settle && !(live.Watchers.Where(w => w.IsOpen).All(live.Final) && bare.Watchers.Where(w => w.IsOpen).All(bare.Final)))
            await Task.Delay(100, ct);
        var held = (Live: live.Watchers.Count(w => w.IsOpen), Bare: bare.Watchers.Count(w => w.IsOpen));
        var final = (Live: live.Watchers.Count(live.Final), Bare: bare.Watchers.Count(bare.Final));
        await stopPinging.CancelAsync();
        await pinging;
        Console.WriteLine($"closing {all.Count:N0} connections ...");
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency }, (w, _) => w.DisposeAsync());

        var report = new LiveFanoutReport(o, segments, live.Result(o.Connections, held.Live, final.Live), bare.Result(o.Connections, held.Bare, final.Bare));
        report.Print(Console.Out);
        return report;
    }

    private static Uri Hub(Uri server, string path) => new UriBuilder(server) { Scheme = "ws", Path = path }.Uri;

    /// <summary>One turn of a path: applications (and, for the bare hub, a broadcast a second), then time for the last event to arrive.</summary>
    private static async Task SegmentAsync(PathRun path, HttpClient http, LiveWorld world, int first, int rate, int seconds, CancellationToken ct)
    {
        var cpu = path.Cpu.Start();
        path.LoadStart ??= DateTimeOffset.UtcNow;
        var applying = ApplyAsync(http, world, path.ApplicationsFair, first, rate * seconds, rate, path.Applied, ct);
        var broadcasting = path.Broadcast ? BroadcastAsync(http, world.FairId, path.Broadcasts, TimeSpan.FromSeconds(seconds), ct) : Task.FromResult(0);
        await applying;
        path.Broadcasts += await broadcasting;
        await Task.Delay(Trail, ct);
        path.Cpu.Stop(cpu);
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
    private static async Task ApplyAsync(HttpClient http, LiveWorld world, Guid fairId, int first, int count, int rate, ApplyTally tally,
        CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(ApplyConcurrency);
        var started = Stopwatch.GetTimestamp();
        var sending = new List<Task>(count);
        for (var i = 0; i < count && !ct.IsCancellationRequested; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            await gate.WaitAsync(ct);
            var k = first + i;
            sending.Add(Task.Run(async () =>
            {
                var t0 = Stopwatch.GetTimestamp();
                string? error = null;
                try
                {
                    using var response = await world.ApplyAsync(http, k, fairId, ct);
                    if (response.StatusCode != HttpStatusCode.Created)
                        error = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}";
                }
#pragma warning disable CA1031 // A failed application is counted and shown.
                catch (Exception e) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    error = e.Message;
                }
                finally
                {
                    gate.Release();
                }
                tally.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds, error);
            }, CancellationToken.None));
        }
        await Task.WhenAll(sending);
    }

    /// <summary>Once a second, as the refresher counts a busy fair: the next broadcasts, numbered on from <paramref name="before"/>.</summary>
    private static async Task<int> BroadcastAsync(HttpClient http, Guid fairId, int before, TimeSpan duration, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var started = Stopwatch.GetTimestamp();
        var sent = 0;
        while (Stopwatch.GetElapsedTime(started) < duration && await timer.WaitForNextTickAsync(ct))
        {
            using var response = await http.PostAsync(new Uri($"/bench/broadcast?fairId={fairId}&version={before + sent + 1}", UriKind.Relative), null, ct);
            if (response.StatusCode != HttpStatusCode.NoContent)
                throw new HttpRequestException($"{(int)response.StatusCode} from the bench broadcast (is Bench:BareHub on?): {await response.Content.ReadAsStringAsync(ct)}");
            sent++;
        }
        return sent;
    }
}

/// <summary>The applications of one path's turns, added up.</summary>
internal sealed class ApplyTally
{
    private readonly List<double> _okMillis = [];
    private readonly List<string> _errors = [];
    private int _sent;

    public int Ok
    {
        get { lock (_okMillis) return _okMillis.Count; }
    }

    public void Add(double millis, string? error)
    {
        lock (_okMillis)
        {
            _sent++;
            if (error is null) _okMillis.Add(millis);
            else if (_errors.Count < 3) _errors.Add(error);
        }
    }

    public Applied Summary()
    {
        lock (_okMillis)
        {
            var sorted = _okMillis.Order().ToArray();
            return new Applied(_sent, sorted.Length, Latency.Percentile(sorted, 50), Latency.Percentile(sorted, 99), _errors.ToList());
        }
    }
}
