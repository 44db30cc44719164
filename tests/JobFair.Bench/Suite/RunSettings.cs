using System.Net;
using Npgsql;

namespace JobFair.Bench.Suite;

/// <summary>
/// What deploy/bench.sh hands the suite: which scenarios, how long (<see cref="Quick"/>), the built
/// server to start for each, the PostgreSQL cluster to put their databases in, where to write.
/// </summary>
internal sealed record RunSettings(
    bool Quick, bool Reseed, bool Trace, IReadOnlyList<string> Scenarios, string ServerDll, string Postgres, Uri Url,
    string ResultsDir, string WorkDir, string AdminEmail, string AdminPassword)
{
    public const string Usage = """
        usage: JobFair.Bench [--quick] [--reseed] [scenario...]   (deploy/bench.sh passes the rest)
          --quick          shorter runs and smaller data: the whole suite in under 8 minutes
          --reseed         seed the search data again even if it is there
          --trace          record a CPU trace of the server (dotnet-trace) over each measured stretch, into the work folder
          --server DLL     the built JobFair.Server.dll to start for each scenario
          --pg CONN        the PostgreSQL cluster (Npgsql connection string without Database), on loopback
          --url URL        where the bench server listens (http://127.0.0.1:PORT)
          --results DIR    where <UTC timestamp>.json and .md go (bench-results/)
          --work DIR       scratch files (wrk scripts, pgbench logs, server logs)
        """;

    public static RunSettings Parse(IReadOnlyList<string> args)
    {
        bool quick = false, reseed = false, trace = false;
        string? server = null, pg = null, results = null, work = null;
        var url = "http://127.0.0.1:5190";
        var scenarios = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--reseed": reseed = true; break;
                case "--trace": trace = true; break;
                case "--server": server = Value(); break;
                case "--pg": pg = Value(); break;
                case "--url": url = Value(); break;
                case "--results": results = Value(); break;
                case "--work": work = Value(); break;
                case var a when a.StartsWith("--", StringComparison.Ordinal): throw new ArgumentException($"unknown option {a}");
                default: scenarios.Add(args[i]); break;
            }
        }
        return new RunSettings(quick, reseed, trace, scenarios,
            server ?? throw new ArgumentException("--server is required"),
            LoopbackDatabase(pg ?? throw new ArgumentException("--pg is required")),
            LoopbackUrl(url),
            results ?? throw new ArgumentException("--results is required"),
            work ?? throw new ArgumentException("--work is required"),
            Environment.GetEnvironmentVariable("JOBFAIR_ADMIN_EMAIL") ?? "admin@jobfair.local",
            Environment.GetEnvironmentVariable("JOBFAIR_ADMIN_PASSWORD") ?? throw new ArgumentException("JOBFAIR_ADMIN_PASSWORD is not set"));
    }

    /// <summary>A connection string to one database of the cluster.</summary>
    public string Database(string name) => new NpgsqlConnectionStringBuilder(Postgres) { Database = name }.ConnectionString;

    // A load generator must never be pointed at a machine it does not own.
    private static Uri LoopbackUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback
            ? uri : throw new ArgumentException($"--url must be an http:// address on this machine (127.0.0.1), not {url}");

    private static string LoopbackDatabase(string connectionString)
    {
        var host = new NpgsqlConnectionStringBuilder(connectionString).Host ?? "";
        return host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip))
            ? connectionString : throw new ArgumentException($"--pg must name a cluster on this machine (Host=127.0.0.1), not {host}");
    }
}
