using System.Diagnostics;

namespace JobFair.Bench.Suite;

/// <summary>
/// The server under test, as deployed (Release build, Production, quiet logs, in-memory bus), on
/// its scenario's database. Started afresh for each scenario so that none inherits another's
/// caches, connections or JIT state; each scenario warms it up itself.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly Process _process;

    private BenchServer(Process process, Uri url, string log)
    {
        _process = process;
        Url = url;
        Log = log;
    }

    public Uri Url { get; }
    public int Pid => _process.Id;
    public string Log { get; }

    public static async Task<BenchServer> StartAsync(RunSettings settings, string connectionString, ServerSpec spec, string log,
        CancellationToken ct)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false };
        // exec: the process we hold is the server itself (its pid is what the meters read), its output in the log.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec dotnet \"$0\" \"$@\" >\"$JOBFAIR_BENCH_LOG\" 2>&1");
        start.ArgumentList.Add(settings.ServerDll);
        foreach (var (key, value) in spec.Settings ?? new Dictionary<string, string>()) start.ArgumentList.Add($"--{key}={value}");
        start.Environment["JOBFAIR_BENCH_LOG"] = log;
        start.Environment["ConnectionStrings__JobFair"] = connectionString;
        start.Environment["JOBFAIR_PORT"] = settings.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["JOBFAIR_ADMIN_EMAIL"] = settings.AdminEmail;
        start.Environment["JOBFAIR_ADMIN_PASSWORD"] = settings.AdminPassword;
        start.Environment["JOBFAIR_BUS"] = "inmemory";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // The bench is one address standing in for many campuses: the per-address limits (RateLimits) would only measure themselves.
        foreach (var limit in new[] { "Register", "Claims", "Uploads" })
        {
            start.Environment[$"RateLimits__{limit}Burst"] = "1000000";
            start.Environment[$"RateLimits__{limit}PerMinute"] = "1000000";
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the bench server");
        var server = new BenchServer(process, settings.Url, log);

        using var http = new HttpClient { BaseAddress = settings.Url, Timeout = TimeSpan.FromSeconds(5) };
        // Minutes, not seconds, when a new migration rewrites seeded data (the search's 500,000 postings).
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(10))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the bench server stopped while starting (exit {process.ExitCode}); its log: {log}\n{Tail(log)}");
            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);
                if (ready.IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // busy migrating
            }
            await Task.Delay(250, ct);
        }
        await server.DisposeAsync();
        throw new InvalidOperationException($"the bench server did not become ready in 10 minutes; its log: {log}");
    }

    /// <summary>
    /// Freezes the server (SIGSTOP) while a baseline runs: the baseline is the work without the platform, so
    /// the platform takes no CPU meanwhile, and its dispatcher does not publish the events the baseline's
    /// outbox rows describe. <see cref="ResumeAsync"/> (SIGCONT) lets it go on where it stood.
    /// </summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private static string Tail(string file) =>
        File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(20)) : "";

    /// <summary>SIGTERM (the host stops cleanly), then SIGKILL if it has not gone in 15 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }
}
