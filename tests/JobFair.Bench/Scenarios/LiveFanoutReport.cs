using System.Diagnostics;
using System.Globalization;

namespace JobFair.Bench.Scenarios;

/// <summary>How hard live-fanout pushes: connections per path, seconds of load per path, applications a second.</summary>
internal sealed record FanoutLoad(int Connections, int Seconds, int Rate);

/// <summary>The applications sent during a phase: how many, how many were created, how long the API took (ms).</summary>
internal sealed record Applied(int Sent, int Ok, double P50, double P99, IReadOnlyList<string> Errors);

/// <summary>
/// CPU used between two samples (Linux /proc; zeros elsewhere), in cores: the whole machine, the
/// server, this program. What is left of the machine's is PostgreSQL and everything else running.
/// </summary>
internal sealed record CpuUsage(double Machine, double? Server, double Bench, string LoadAverage)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Machine:F2} of {Environment.ProcessorCount} cores busy (server {(Server is { } s ? s.ToString("F2", CultureInfo.InvariantCulture) : "?")}, " +
        $"bench client {Bench:F2}, the rest PostgreSQL and other work on the machine); load average {LoadAverage}");
}

internal sealed record CpuSample(long Timestamp, long MachineBusy, long MachineTotal, long? ServerTicks, TimeSpan Bench)
{
    public static CpuSample Take(int? serverPid)
    {
        long busy = 0, total = 0;
        if (File.Exists("/proc/stat"))
        {
            // cpu  user nice system idle iowait irq softirq steal ...: idle and iowait are not busy.
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            total = fields.Take(8).Sum();
            busy = total - fields[3] - fields[4];
        }
        long? server = null;
        if (serverPid is { } pid && File.Exists($"/proc/{pid}/stat"))
        {
            // utime and stime are fields 14 and 15, counted after the command name in parentheses.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var after = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            server = long.Parse(after[11], CultureInfo.InvariantCulture) + long.Parse(after[12], CultureInfo.InvariantCulture);
        }
        using var self = Process.GetCurrentProcess();
        return new CpuSample(Stopwatch.GetTimestamp(), busy, total, server, self.TotalProcessorTime);
    }
}

/// <summary>CPU used over the stretches of one path's load (its segments), added up.</summary>
internal sealed class CpuMeter(int? serverPid)
{
    // Linux reports process and machine times in clock ticks of 1/100 s (USER_HZ) everywhere we run.
    private const double TicksPerSecond = 100;
    private long _busy, _total, _server;
    private bool _serverKnown = serverPid is not null;
    private TimeSpan _bench;
    private double _seconds;

    public CpuSample Start() => CpuSample.Take(serverPid);

    public void Stop(CpuSample start)
    {
        var end = CpuSample.Take(serverPid);
        _seconds += Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        _busy += end.MachineBusy - start.MachineBusy;
        _total += end.MachineTotal - start.MachineTotal;
        _bench += end.Bench - start.Bench;
        if (start.ServerTicks is { } a && end.ServerTicks is { } b) _server += b - a;
        else _serverKnown = false;
    }

    public CpuUsage Usage() => new(
        _total > 0 ? (double)_busy / _total * Environment.ProcessorCount : 0,
        _serverKnown && _seconds > 0 ? _server / TicksPerSecond / _seconds : null,
        _seconds > 0 ? _bench.TotalSeconds / _seconds : 0,
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown");
}

/// <summary>
/// One path measured: connections asked for, opened and still open at the end; every fairStats
/// each got since the load began (Millis: those after the warm-up, sorted); events owed and not
/// received (Lost); connections that ended with the final figures. Per event, the median time to its
/// first connection (FirstP50: the path before the fan-out) and from its first to its last (SpreadP50: the fan-out).
/// </summary>
internal sealed record FanoutPhase(
    string Name, string Hub, int Requested, int Connected, int Held, TimeSpan ConnectTime, IReadOnlyList<string> Errors,
    double[] Millis, double FirstP50, double SpreadP50, long Events, int MinPerConnection, int MaxPerConnection, int Distinct, long Lost, int GotFinal, Applied Applied,
    CpuUsage Cpu, int RecordBytes)
{
    public double P(double p) => Latency.Percentile(Millis, p);
    public double Max => Millis.Length > 0 ? Millis[^1] : double.NaN;
    public bool Whole => Held == Requested && Lost == 0 && GotFinal == Requested;
}

internal sealed record LiveFanoutReport(FanoutLoad Options, int Turns, FanoutPhase Live, FanoutPhase Bare)
{
    public const string Heading = "## Live fan-out (issue 6)";

    public double Ratio => Live.P(99) / Bare.P(99);
    public bool TargetMet => Live.Whole && Live.P(99) < LiveFanoutScenario.TargetP99Ms;

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"",-6}{"held",7}{"events",9}{"lost",6}{"final",7}{"p50",9}{"p90",9}{"p99",9}{"max",9}{"first",8}{"spread",8}   (ms)");
        foreach (var p in new[] { Live, Bare })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Name,-6}{p.Held,7}{p.Events,9}{p.Lost,6}{p.GotFinal,7}{p.P(50),9:F1}{p.P(90),9:F1}{p.P(99),9:F1}{p.Max,9:F1}{p.FirstP50,8:F1}{p.SpreadP50,8:F1}"));
            output.WriteLine($"      applications {p.Applied.Ok}/{p.Applied.Sent} created; CPU: {p.Cpu.Describe()}");
            foreach (var e in p.Errors.Concat(p.Applied.Errors)) output.WriteLine($"      error: {e}");
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"live p99 / bare p99 = {Ratio:F2}"));
        output.WriteLine($"target p99 < {LiveFanoutScenario.TargetP99Ms} ms with every connection held and nothing lost: {(TargetMet ? "met" : "NOT met")}");
        output.WriteLine();
    }

    private static string Row(FanoutPhase p) => string.Create(CultureInfo.InvariantCulture,
        $"| {p.Name} (`{p.Hub}`) | {p.Held:N0} / {p.Requested:N0} | {p.Events:N0} ({p.MinPerConnection}–{p.MaxPerConnection}) | {p.Lost} | " +
        $"{p.GotFinal:N0} | {p.P(50):F1} | {p.P(90):F1} | {p.P(99):F1} | {p.Max:F1} | {p.FirstP50:F1} | {p.SpreadP50:F1} |");

    private static string Context(FanoutPhase p) => string.Create(CultureInfo.InvariantCulture,
        $"  - {p.Name}: {p.Connected:N0} connected in {p.ConnectTime.TotalSeconds:F0} s; applications {p.Applied.Ok:N0} of {p.Applied.Sent:N0} created " +
        $"(API p50 {p.Applied.P50:F0} ms, p99 {p.Applied.P99:F0} ms); {p.Distinct} events owed to each connection, {p.RecordBytes} bytes each on the wire; CPU {p.Cpu.Describe()}.");

    public string Markdown() => string.Create(CultureInfo.InvariantCulture, $"""
        {Options.Connections:N0} hub connections on one server node watch one fair while applications arrive; each `fairStats` is timed
        from its `countedAt` to its receipt. By `deploy/bench.sh live-fanout` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.
        Target: p99 under {LiveFanoutScenario.TargetP99Ms} ms with every connection held and no event lost.

        - PostgreSQL, the server (Release, in-memory bus) and the load program all on this machine.
        - Two sets of {Options.Connections:N0} anonymous WebSocket connections (JSON hub protocol, no negotiate), both open throughout;
          the paths take turns ({Turns} each, in the order live, bare, bare, live, …, {Options.Seconds} s of load per path in all), so that
          the machine's other work falls on both alike. Load in every turn: {Options.Rate} applications a second through `POST /api/applications`
          ({LiveFanoutScenario.Positions} positions of one approved employer shared into two fairs; verified students of a host university;
          all made through the API).
          - **live**: `WatchFair` on `/hubs/live`. Applications to the watched fair are counted by FairStatsRefresher (at most once a second
            per fair); its FairStatsChanged goes through the outbox to LiveBridge, which sends `fairStats` to the group `fair:{"{id}"}`.
            Timed from `countedAt`, the time the refresher began counting: counting, commit, outbox, consumer and fan-out.
          - **bare**: `Watch` on `/hubs/bench`, a hub with no auth and no database, mapped only under `Bench:BareHub=true` (bench.sh sets it
            for its own server; never in production). Once a second the bench calls `POST /bench/broadcast` (loopback only, not in the
            OpenAPI document), which sends the watched fair's figures, same shape and size, to the hub's one group, `countedAt` set just
            before sending: SignalR's own fan-out, the yardstick. Its turns' applications go to the other fair, which nobody watches, so
            the server counts and publishes as much as in the live turns.
        - Timing: the receive time is taken as a WebSocket read returns, before parsing; server and client read the same clock.
          Events counted in the first {LiveFanoutScenario.Warmup.TotalSeconds:F0} s of each path are received and checked, not timed.
          "lost": events counted after the connections joined that a connection never got; "final": connections whose last `fairStats`
          shows every application (live) or the last broadcast (bare). Per event (median over events): "first", until its first
          connection had it, which is the path up to the fan-out; "spread", from its first connection to its last, which is the fan-out.
        - The client is one .NET process with thousands of sockets on the same 2 cores: its scheduling delay is in both paths' figures.
        {Context(Live)}
        {Context(Bare)}

        | path | connections held | events (per connection) | lost | final | p50 ms | p90 ms | p99 ms | max ms | first ms | spread ms |
        | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
        {Row(Live)}
        {Row(Bare)}

        live p99 / bare p99: {Ratio:F2}. Target p99 < {LiveFanoutScenario.TargetP99Ms} ms with {Options.Connections:N0} connections, nothing lost:
        **{(TargetMet ? "met" : "not met")}**.
        """);
}
