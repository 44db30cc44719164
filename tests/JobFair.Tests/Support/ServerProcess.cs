using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace JobFair.Tests.Support;

/// <summary>
/// The server as deploy/run.sh starts it: the built JobFair.Server.dll in a process of its own,
/// started from an unrelated working folder, configured by environment variables only.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => _process = process;

    public Uri Address { get; private set; } = null!;

    /// <summary>Everything the server wrote to its standard output and error so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>The server's own build output (src/JobFair.Server/bin/...), as the scripts build it.</summary>
    public static string BuiltServer
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "JobFair.sln"))) dir = dir.Parent;
            var configuration = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var framework = Path.GetFileName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("JobFair.sln not found above the tests"),
                "src", "JobFair.Server", "bin", configuration, framework, "JobFair.Server.dll");
        }
    }

    /// <summary>Starts the server on a free loopback port and waits until it listens.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var workingFolder = Directory.CreateTempSubdirectory("jobfair-cwd-").FullName;
        var start = new ProcessStartInfo("dotnet", [BuiltServer])
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Only what the scripts set: nothing of the test run's own hosting settings leaks in.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) ||
                     k.StartsWith("DOTNET_CONTENTROOT", StringComparison.Ordinal) || k.StartsWith("JOBFAIR_", StringComparison.Ordinal) ||
                     k.StartsWith("Logging__", StringComparison.Ordinal) || k == "AllowedHosts").ToList())
            start.Environment.Remove(name);
        start.Environment["JOBFAIR_PORT"] = "0";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var server = new ServerProcess(Process.Start(start)!);
        server._process.OutputDataReceived += (_, e) => server.Read(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Read(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var exited = server._process.WaitForExitAsync();
        var first = await Task.WhenAny(server._listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != server._listening.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("The server did not start listening:\n" + server.Output);
        }
        server.Address = await server._listening.Task;
        return server;
    }

    private void Read(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (Listening().Match(line) is { Success: true } m) _listening.TrySetResult(new Uri(m.Groups[1].Value));
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
