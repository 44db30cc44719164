using JobFair.Server.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace JobFair.Server.Infrastructure;

internal static class Database
{
    public const string ConnectionName = "JobFair";

    public static IServiceCollection AddJobFairDatabase(this IServiceCollection services)
    {
        // Read lazily so that a host (or a test) may supply the connection string late.
        services.AddSingleton(sp =>
        {
            var cs = sp.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionName)
                ?? throw new InvalidOperationException(
                    $"ConnectionStrings__{ConnectionName} is not set: deploy/run.sh sets it for the private cluster.");
            return CreateDataSource(cs);
        });
        services.AddDbContext<JobFairDb>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>())
            .AddInterceptors(sp.GetService<CommittedEvents>() is { } counter ? [counter] : [])
            // A refused write (a unique index saying "someone got there first") is an expected
            // outcome that handlers turn into a 409; real failures still surface as exceptions.
            .ConfigureWarnings(w => w.Log(
                (RelationalEventId.CommandError, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug)))
            .AddInterceptors(sp.GetRequiredService<OutboxInterceptor>(), EnclosingTransaction.Interceptor, UtcTimesInterceptor.Instance)
            .ReplaceService<IRelationalTransactionFactory, EnclosingTransaction.PartFactory>());
        services.AddSingleton<Migrator>();
        return services;
    }

    /// <summary>Connections the server's pool keeps once it has opened them, unless its connection string says otherwise.</summary>
    internal const int PoolFloor = 10;

    /// <summary>The settings every server connection starts with (pgbench's baselines start with the same).</summary>
    internal const string SessionOptions = "-c random_page_cost=1.1 -c max_parallel_workers_per_gather=0";

    /// <summary>The server's data source: the connection string's own settings win over the defaults set here.</summary>
    internal static NpgsqlDataSource CreateDataSource(string cs)
    {
        var builder = new NpgsqlDataSourceBuilder(cs) { Name = "jobfair" };
        // Nothing here leaves session state on a connection (no SET, LISTEN or temporary tables;
        // the migrator's advisory lock is released in a finally). Skipping DISCARD ALL on reuse
        // keeps each connection's cached plans, which keyword search relies on: its tokenising
        // functions are PL/pgSQL so that their plans are not rebuilt on every request (0007).
        // A connection string that says otherwise wins. (Asked of the text itself: the typed builder's
        // ContainsKey is true for every keyword it knows, set or not, so it always said "otherwise".)
        if (!SaysResetOnClose(cs)) builder.ConnectionStringBuilder.NoResetOnClose = true;
        // Statements a connection has sent a few times are prepared on it, so PostgreSQL parses and
        // analyses them once rather than on every request (the apply benchmark sends ~25 statements per
        // application, each parsed anew before). PostgreSQL plans a prepared statement as it does by default
        // (plan_cache_mode auto): its first five executions for their values, then once for all values when that plan
        // is estimated to cost no more. An application's lookups are the same plan whatever the values, and planning
        // them had cost more than running them (the student, fair, position and resume read: 0.95 ms to plan, 0.15 ms
        // to run; pg_stat_statements in the apply benchmark, when every execution was planned, until 2026-12-03).
        // Keyword search's statement is planned for its keywords and its fair on every search by its function
        // (jf_fair_search_page, 0027). Random reads are priced as what they
        // are here (the working set is in memory, the disk an SSD), not as a spinning disk's (PostgreSQL's
        // default 4): a fair's position list looked up its 1,800 postings by key in 14 ms instead of scanning
        // all 50,000 in 130 ms. No statement is split across parallel workers: each gather starts its worker
        // processes anew, and with many requests at once on a few cores that costs more than it saves (counting the
        // 18,000-posting fair's open shares took 220-340 ms in parallel, 98 ms alone). A connection string that says
        // otherwise wins: its Max Auto Prepare, and its own Options, which come after these (PostgreSQL applies -c
        // switches in order), so a setting it names is its own and the others stay.
        if (!Says(cs, "Max Auto Prepare", "MaxAutoPrepare")) builder.ConnectionStringBuilder.MaxAutoPrepare = 256;
        var own = builder.ConnectionStringBuilder.Options;
        builder.ConnectionStringBuilder.Options = string.IsNullOrWhiteSpace(own) ? SessionOptions : $"{SessionOptions} {own}";
        // The pool keeps a floor of connections. Npgsql closes, every Connection Idle Lifetime (300 s), as many
        // connections as were idle at the median of its samples, all at once: after a burst had grown the pool
        // (800 phones opening the fair page), a steady load of a few connections at a time saw nearly all of them
        // closed, and every request of the next seconds opened its own, 25 at once with the CPU saturated (the
        // fair-day benchmark's 3 to 8 s stall at the fifth minute; docs/performance.md). A node's steady load needs
        // fewer than 10; the floor is not opened ahead of need, and never exceeds the pool's own maximum (Npgsql refuses
        // a minimum above it). A connection string that names a minimum wins.
        if (!Says(cs, "Minimum Pool Size", "MinPoolSize"))
            builder.ConnectionStringBuilder.MinPoolSize = Math.Min(PoolFloor, builder.ConnectionStringBuilder.MaxPoolSize);
        return builder.Build();
    }

    /// <summary>Whether the connection string itself names No Reset On Close (in either spelling), whatever its value.</summary>
    internal static bool SaysResetOnClose(string connectionString) => Says(connectionString, "No Reset On Close", "NoResetOnClose");

    /// <summary>Whether the connection string's own text names one of these keywords, whatever its value.</summary>
    private static bool Says(string connectionString, params string[] keywords)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return keywords.Any(given.ContainsKey);
    }
}
