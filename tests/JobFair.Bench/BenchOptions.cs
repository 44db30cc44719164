using System.Globalization;
using System.Net;
using Npgsql;

namespace JobFair.Bench;

/// <summary>What a run targets and how hard it pushes. Defaults are the figures of record in docs/performance.md.</summary>
internal sealed record BenchOptions(
    Uri Url, string ConnectionString, string? ReportPath, int Concurrency, int Requests, int Warmup,
    int Positions, bool Reseed, TimeSpan TimeLimit, int Connections, int Seconds, int Rate)
{
    public const string Help = """
        options (environment variable in brackets):
          --url URL            the running server, on loopback       [JOBFAIR_BENCH_URL] default http://127.0.0.1:5190
          --db CONNSTRING      its database, on loopback (Npgsql)    [JOBFAIR_BENCH_DB]
          --report PATH        write the results into this markdown file (docs/performance.md)
          --concurrency N      requests in flight at once            default: one per core
          --requests N         measured requests per phase           default 2000
          --warmup N           unmeasured requests first             default 2000
          --positions N        postings to seed (fairs stay 223)     default 500000
          --reseed             seed again even if the data is there
          --connections N      live-fanout: hub connections held    default 5000
          --seconds N          live-fanout: seconds of load a path  default 60
          --rate N             live-fanout: applications per second default 5
          --time-limit SECS    stop the whole run after this         default 1800
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var url = Environment.GetEnvironmentVariable("JOBFAIR_BENCH_URL") ?? "http://127.0.0.1:5190";
        var db = Environment.GetEnvironmentVariable("JOBFAIR_BENCH_DB");
        string? report = null;
        // Warm-up long enough for a steady state: the server's tiered JIT kept recompiling for the first
        // ~1,600 searches (its CPU per search fell from 8 ms to 2.4 ms), and each pooled PostgreSQL
        // connection loads a partition's catalog entries the first time it searches that fair.
        // One request per core by default: latency is read below saturation (more in flight only
        // queues behind the same throughput; see docs/performance.md).
        int concurrency = Environment.ProcessorCount, requests = 2000, warmup = 2000, positions = 500_000, seconds = 1800;
        int connections = 5000, loadSeconds = 60, rate = 5;
        var reseed = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number(int min) => int.TryParse(Value(), CultureInfo.InvariantCulture, out var n) && n >= min
                ? n : throw new ArgumentException($"{args[i - 1]} takes a whole number of at least {min}");
            switch (args[i])
            {
                case "--url": url = Value(); break;
                case "--db": db = Value(); break;
                case "--report": report = Value(); break;
                case "--concurrency": concurrency = Number(1); break;
                case "--requests": requests = Number(1); break;
                case "--warmup": warmup = Number(0); break;
                case "--positions": positions = Number(1000); break;
                case "--reseed": reseed = true; break;
                case "--time-limit": seconds = Number(10); break;
                case "--connections": connections = Number(1); break;
                case "--seconds": loadSeconds = Number(10); break;
                case "--rate": rate = Number(1); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (string.IsNullOrEmpty(db)) throw new ArgumentException("--db (or JOBFAIR_BENCH_DB) is required");
        return new BenchOptions(LoopbackUrl(url), LoopbackDatabase(db), report, concurrency, requests, warmup,
            positions, reseed, TimeSpan.FromSeconds(seconds), connections, loadSeconds, rate);
    }

    // A load generator must never be pointed at a machine it does not own.
    private static Uri LoopbackUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback
            ? uri : throw new ArgumentException($"--url must be an http:// address on this machine (127.0.0.1), not {url}");

    private static string LoopbackDatabase(string connectionString)
    {
        var host = new NpgsqlConnectionStringBuilder(connectionString).Host ?? "";
        return host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip))
            ? connectionString : throw new ArgumentException($"--db must name a database on this machine (Host=127.0.0.1), not {host}");
    }
}
