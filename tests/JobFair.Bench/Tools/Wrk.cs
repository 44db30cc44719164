using System.Globalization;
using System.Text;
using System.Text.Json;

namespace JobFair.Bench.Tools;

/// <summary>One HTTP request for wrk to send: headers as "Name: value" pairs, the body as text (JSON), or none.</summary>
internal sealed record WrkRequest(string Method, string Path, IReadOnlyList<string> Headers, string? Body = null);

/// <summary>
/// What wrk measured: requests answered, their rate, latency percentiles (ms) over every answer, answers
/// by status, errors (socket errors, timeouts and any status of 400 or more), the CPU wrk used, and
/// whether it ran out of distinct requests and began again from the first (<see cref="Wrapped"/>).
/// </summary>
internal sealed record WrkResult(
    long Requests, TimeSpan Duration, double P50, double P90, double P99, double Max, long Errors,
    IReadOnlyDictionary<int, long> Statuses, double CpuSeconds, int Connections, bool Wrapped)
{
    public double PerSecond => Duration > TimeSpan.Zero ? Requests / Duration.TotalSeconds : 0;

    public string StatusList => string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value:N0}"));
}

/// <summary>
/// Debian's wrk (C, event loop) as the load generator where plain HTTP suffices: a closed loop of
/// <c>connections</c> keep-alive connections on one thread, each sending its next request when the
/// last one is answered. The requests come from a file the script reads at start, so that every
/// request can differ (its token, body, Idempotency-Key); each is sent once unless the run outlasts
/// the list.
/// </summary>
internal static class Wrk
{
    // Each thread keeps the lines whose number modulo the thread count is its index; requests are
    // formatted once at start, so that sending costs wrk no Lua string work.
    private const string Script = """
        -- Written by tests/JobFair.Bench (Tools/Wrk.cs): replays the requests of a file, then prints what it saw as JSON.
        local threads = {}
        function setup(thread)
          thread:set("index", #threads)
          table.insert(threads, thread)
        end
        function init(args)
          local file, count = args[1], tonumber(args[2])
          list = {}
          statuses = {}
          wrapped = 0
          local n = 0
          for line in io.lines(file) do
            if n % count == index then
              local method, path, headers, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
              local h = {}
              for name, value in headers:gmatch("([^|:]+): ([^|]*)") do h[name] = value end
              if body == "" then body = nil end
              table.insert(list, wrk.format(method, path, h, body))
            end
            n = n + 1
          end
          nextone = 1
        end
        function request()
          local r = list[nextone]
          nextone = nextone + 1
          if nextone > #list then nextone = 1; wrapped = wrapped + 1 end
          return r
        end
        function response(status, headers, body)
          statuses[status] = (statuses[status] or 0) + 1
        end
        function done(summary, latency, requests)
          local counts, wraps = {}, 0
          for _, thread in ipairs(threads) do
            for status, n in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + n end
            wraps = wraps + thread:get("wrapped")
          end
          local parts = {}
          for status, n in pairs(counts) do table.insert(parts, string.format('"%d":%d', status, n)) end
          local e = summary.errors
          io.write(string.format('WRK-RESULT {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
            '"p50":%d,"p90":%d,"p99":%d,"max":%d,"wrapped":%d,"statuses":{%s}}\n',
            summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
            latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, wraps, table.concat(parts, ",")))
        end
        """;

    /// <summary>Writes the requests for one run; returns the file to pass to <see cref="RunAsync"/>.</summary>
    public static async Task<string> WriteRequestsAsync(string dir, string name, IEnumerable<WrkRequest> requests, CancellationToken ct)
    {
        var path = Path.Combine(dir, name + ".requests");
        await using var file = new StreamWriter(path, false, new UTF8Encoding(false));
        foreach (var r in requests)
        {
            if (r.Path.Contains('\t', StringComparison.Ordinal) || (r.Body?.Contains('\n', StringComparison.Ordinal) ?? false))
                throw new ArgumentException("a path with a tab or a body with a line break cannot go through the request file");
            await file.WriteAsync($"{r.Method}\t{r.Path}\t{string.Join('|', r.Headers)}\t{r.Body}\n".AsMemory(), ct);
        }
        return path;
    }

    public static async Task<WrkResult> RunAsync(Uri server, string requestsFile, int connections, TimeSpan duration, CancellationToken ct)
    {
        var script = Path.Combine(Path.GetDirectoryName(requestsFile)!, "replay.lua");
        await File.WriteAllTextAsync(script, Script, ct);
        const int threads = 1; // one event loop carries thousands of requests a second: the least CPU taken from the server
        var run = await ExternalTool.RunAsync("wrk",
        [
            "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{Math.Max(1, (int)duration.TotalSeconds)}s", "--timeout", "30s", "-s", script, server.ToString(),
            "--", requestsFile, threads.ToString(CultureInfo.InvariantCulture),
        ], null, ct);
        var line = run.Output.Split('\n').FirstOrDefault(l => l.StartsWith("WRK-RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result (exit {run.ExitCode}): {run.Output}\n{run.Errors}");
        using var json = JsonDocument.Parse(line["WRK-RESULT ".Length..]);
        var r = json.RootElement;
        long L(string name) => r.GetProperty(name).GetInt64();
        var statuses = r.GetProperty("statuses").EnumerateObject()
            .ToDictionary(p => int.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetInt64());
        var failed = statuses.Where(s => s.Key >= 400).Sum(s => s.Value) + L("connect") + L("read") + L("write") + L("timeout");
        return new WrkResult(L("requests"), TimeSpan.FromMicroseconds(L("durationUs")), L("p50") / 1000.0, L("p90") / 1000.0,
            L("p99") / 1000.0, L("max") / 1000.0, failed, statuses, run.CpuSeconds, connections, L("wrapped") > 0);
    }
}
