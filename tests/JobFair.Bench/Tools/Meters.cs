using System.Diagnostics;
using System.Globalization;

namespace JobFair.Bench.Tools;

/// <summary>
/// Where the machine's CPU went over a measured stretch, in cores (1.0 = one core busy throughout):
/// the whole machine, the server, PostgreSQL (the postmaster and every backend of our cluster), the
/// load generator (this program plus the tools it ran), the time the hypervisor gave this machine's cores to
/// other machines (steal: counted busy, since our processes could not run then), and the server's memory.
/// </summary>
internal sealed record CpuReport(
    TimeSpan Wall, double Machine, double? Server, double? Postgres, double Generator, double Steal, double ServerRssMeanMb, double ServerRssMaxMb,
    string LoadBefore, string LoadAfter)
{
    /// <summary>The generator's share of the machine's cores, 0..1.</summary>
    public double GeneratorShare => Generator / Environment.ProcessorCount;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"CPU {Machine:F2} of {Environment.ProcessorCount} cores busy: server {Show(Server)}, PostgreSQL {Show(Postgres)}, " +
        $"load generator {Generator:F2} ({GeneratorShare:P0} of the machine), the rest other work, steal included ({Steal:F2}: the hypervisor running other machines on these cores); " +
        $"load average {LoadBefore} before, {LoadAfter} after");

    /// <summary>
    /// CPU milliseconds per operation of the server and of PostgreSQL at <paramref name="perSecond"/>: what the work
    /// costs, whatever share of the machine other work left it (the figure that travels between runs).
    /// </summary>
    public string PerOperation(double perSecond, string operation) => perSecond <= 0 ? "" : string.Create(CultureInfo.InvariantCulture,
        $"CPU per {operation}: server {Ms(Server, perSecond)} ms, PostgreSQL {Ms(Postgres, perSecond)} ms");

    private static string Ms(double? cores, double perSecond) =>
        cores is { } c ? (c * 1000 / perSecond).ToString("F2", CultureInfo.InvariantCulture) : "?";

    private static string Show(double? cores) => cores is { } c ? c.ToString("F2", CultureInfo.InvariantCulture) : "?";
}

/// <summary>Samples /proc at the start and end of a stretch (and the server's memory every second in between).</summary>
internal sealed class Meter : IAsyncDisposable
{
    // Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every machine we run on.
    private const double Ticks = 100;
    private readonly int? _server;
    private readonly int? _postmaster;
    private readonly long _t0 = Stopwatch.GetTimestamp();
    private readonly (long Busy, long Steal, long Total) _machine0;
    private readonly long? _server0, _postgres0;
    private readonly TimeSpan _self0;
    private readonly string _load0 = LoadAverage();
    private readonly List<double> _rss = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private double _toolCpu;

    public Meter(int? serverPid, int? postmasterPid)
    {
        _server = serverPid;
        _postmaster = postmasterPid;
        _machine0 = MachineTicks();
        _server0 = serverPid is { } s ? ProcessTicks(s) : null;
        _postgres0 = postmasterPid is { } p ? PostgresTicks(p) : null;
        _self0 = SelfCpu();
        _sampling = SampleMemoryAsync(_stop.Token);
    }

    /// <summary>CPU seconds of a tool (wrk, pgbench) run as part of the load.</summary>
    public void AddToolCpu(double seconds) => Interlocked.Exchange(ref _toolCpu, _toolCpu + seconds);

    public async Task<CpuReport> StopAsync()
    {
        var wall = Stopwatch.GetElapsedTime(_t0);
        var machine = MachineTicks();
        var server = _server is { } s ? ProcessTicks(s) : null;
        var postgres = _postmaster is { } p ? PostgresTicks(p) : null;
        var self = SelfCpu();
        await _stop.CancelAsync();
        await _sampling;
        var seconds = wall.TotalSeconds;
        double? Cores(long? end, long? start) => end is { } e && start is { } b ? (e - b) / Ticks / seconds : null;
        var total = machine.Total - _machine0.Total;
        double[] rss;
        lock (_rss) rss = [.. _rss];
        return new CpuReport(wall,
            total > 0 ? (double)(machine.Busy - _machine0.Busy) / total * Environment.ProcessorCount : 0,
            Cores(server, _server0), Cores(postgres, _postgres0),
            ((self - _self0).TotalSeconds + _toolCpu) / seconds,
            total > 0 ? (double)(machine.Steal - _machine0.Steal) / total * Environment.ProcessorCount : 0,
            rss.Length > 0 ? rss.Average() : 0, rss.Length > 0 ? rss.Max() : 0,
            _load0, LoadAverage());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleMemoryAsync(CancellationToken ct)
    {
        if (_server is not { } pid) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                if (RssMb(pid) is { } mb) lock (_rss) _rss.Add(mb);
            } while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException)
        {
            // the stretch is over
        }
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static TimeSpan SelfCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static (long Busy, long Steal, long Total) MachineTicks()
    {
        if (!File.Exists("/proc/stat")) return (0, 0, 0);
        // cpu  user nice system idle iowait irq softirq steal ...: idle and iowait are not busy; steal is (the hypervisor
        // ran another machine on our core: on a shared host 10-20 % of the time, 2026-12-03).
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        return (total - fields[3] - fields[4], fields[7], total);
    }

    /// <summary>utime + stime of a process, and with <paramref name="children"/> also those of its reaped children.</summary>
    private static long? ProcessTicks(int pid, bool children = false)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name in parentheses: state is [0], utime [11], stime [12], cutime [13], cstime [14].
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
            return Field(11) + Field(12) + (children ? Field(13) + Field(14) : 0);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The postmaster with its reaped backends, plus every live backend (children of the postmaster).</summary>
    private static long? PostgresTicks(int postmaster)
    {
        var total = ProcessTicks(postmaster, children: true);
        if (total is null) return null;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid) || pid == postmaster) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(f[1], CultureInfo.InvariantCulture) == postmaster) total += ProcessTicks(pid) ?? 0;
            }
            catch (IOException)
            {
                // the backend ended meanwhile; its time is now in the postmaster's reaped children
            }
        }
        return total;
    }

    private static double? RssMb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The postmaster of our cluster: deploy/bench.sh reads it from the cluster's postmaster.pid.</summary>
    public static int? PostmasterPid() =>
        int.TryParse(Environment.GetEnvironmentVariable("JOBFAIR_BENCH_POSTMASTER_PID"), CultureInfo.InvariantCulture, out var pid) ? pid : null;
}
