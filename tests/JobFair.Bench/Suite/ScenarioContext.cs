using Npgsql;

namespace JobFair.Bench.Suite;

/// <summary>What a scenario works with: its running server, its database, the run's settings, a scratch folder.</summary>
internal sealed class ScenarioContext(string name, RunSettings settings, BenchServer server, NpgsqlDataSource db, string connectionString)
{
    public string Name => name;
    public bool Quick => settings.Quick;
    public RunSettings Settings => settings;
    public BenchServer Server => server;
    public Uri Url => server.Url;

    /// <summary>The scenario's own database (the server's), for seeding and checks.</summary>
    public NpgsqlDataSource Db => db;

    public string ConnectionString => connectionString;

    /// <summary>A folder of this scenario's scratch files (wrk scripts and request lists, pgbench scripts and logs).</summary>
    public string WorkDir { get; } = Directory.CreateDirectory(Path.Combine(settings.WorkDir, name)).FullName;

    public void Say(string line) => Console.WriteLine($"[{name}] {line}");

    /// <summary>
    /// With --trace, a CPU-sampling trace of the server over the next <paramref name="duration"/> (dotnet-trace,
    /// a .NET tool: <c>dotnet tool install -g dotnet-trace</c>), written to the work folder; read it with
    /// <c>dotnet-trace report FILE topN</c>. Without --trace, nothing.
    /// </summary>
    public async Task TraceAsync(string stretch, TimeSpan duration, CancellationToken ct)
    {
        if (!settings.Trace) return;
        var file = Path.Combine(WorkDir, $"{stretch}.nettrace");
        Say($"tracing the server for {duration.TotalSeconds:F0} s into {file}");
        var run = await Tools.ExternalTool.RunAsync("dotnet-trace", ["collect", "-p", server.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--duration", duration.ToString(@"dd\:hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture), "-o", file], null, ct);
        // A missing tool (not on PATH: ~/.dotnet/tools) must not pass for a trace taken.
        if (run.ExitCode != 0 || !File.Exists(file)) Say($"warning: no trace: dotnet-trace ended with {run.ExitCode}: {run.Errors.Trim()}");
    }

    /// <summary>A client for the bench server: as many connections as asked, no proxy, long timeout (setup requests can be slow).</summary>
    public HttpClient Http(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections, UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    })
    { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
}
