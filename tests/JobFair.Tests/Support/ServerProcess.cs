using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace JobFair.Tests.Support;

/// <summary>
/// The built server started exactly as deploy/run.sh starts it: deploy/lib/common.sh's
/// <c>server_prepare</c> (admin password file, certificate, allowed hosts) and <c>server_launch</c>
/// (its own user, its build folder as content root), with the scripts' data folder in a temporary
/// folder (JOBFAIR_DATA) and a database of the tests.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // the scripts and /proc are Linux's
public sealed partial class ServerProcess : IAsyncDisposable
{
    private ServerProcess(string data, int pid, Uri address)
    {
        Data = data;
        Pid = pid;
        Address = address;
    }

    /// <summary>The scripts' data folder (.data) of this server.</summary>
    public string Data { get; }
    public int Pid { get; }
    public Uri Address { get; }
    public string LogFile => Path.Combine(Data, "server.log");

    /// <summary>Everything the server logged so far.</summary>
    public string Log => ReadShared(LogFile);

    public static string Repository
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "JobFair.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("JobFair.sln not found above the tests");
        }
    }

    /// <summary>The server's own build output (src/JobFair.Server/bin/...), as the solution build leaves it.</summary>
    public static string BuiltServer
    {
        get
        {
            var configuration = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var framework = Path.GetFileName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(Repository, "src", "JobFair.Server", "bin", configuration, framework);
        }
    }

    /// <summary>Runs a bash snippet with deploy/lib/common.sh sourced; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> ScriptAsync(string snippet, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("bash", ["-c", "set -euo pipefail; source deploy/lib/common.sh; source deploy/lib/cluster.sh; " + snippet])
        {
            WorkingDirectory = Repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Only what a caller of the scripts would set: none of this test run's own settings.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) ||
                     k.StartsWith("DOTNET_CONTENTROOT", StringComparison.Ordinal) || k.StartsWith("JOBFAIR_", StringComparison.Ordinal) ||
                     k.StartsWith("Logging__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) ||
                     k is "AllowedHosts").ToList())
            start.Environment.Remove(name);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Starts the server on a free loopback port and waits until it listens.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var data = Directory.CreateTempSubdirectory("jobfair-data-").FullName;
        File.SetUnixFileMode(data, (UnixFileMode)0b111_101_101); // as .data: the server's user may enter it
        var settings = new Dictionary<string, string>(environment) { ["JOBFAIR_DATA"] = data };
        var (code, output) = await ScriptAsync(
            """server_prepare; server_launch "$1" 0 JOBFAIR_PORT "$DATA/server.log" "$DATA/server.pid" """.Replace("$1", BuiltServer, StringComparison.Ordinal),
            settings);
        if (code != 0) throw new InvalidOperationException("server_launch failed: " + output);
        var pid = int.Parse(File.ReadAllText(Path.Combine(data, "server.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var log = ReadShared(Path.Combine(data, "server.log"));
            if (Listening().Match(log) is { Success: true } m) return new ServerProcess(data, pid, new Uri(m.Groups[1].Value));
            if (!IsRunning(pid)) throw new InvalidOperationException("The server stopped while starting:\n" + log);
            await Task.Delay(200);
        }
        var server = new ServerProcess(data, pid, new Uri("http://127.0.0.1"));
        await server.DisposeAsync();
        throw new InvalidOperationException("The server did not start listening within 90 s");
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string ReadShared(string path)
    {
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    public async ValueTask DisposeAsync()
    {
        if (IsRunning(Pid))
        {
            using var process = Process.GetProcessById(Pid);
            process.Kill();
            await process.WaitForExitAsync();
        }
        Directory.Delete(Data, recursive: true);
    }
}
