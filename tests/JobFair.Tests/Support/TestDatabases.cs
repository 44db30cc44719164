using System.Reflection;
using JobFair.Server.Features.Universities;
using JobFair.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace JobFair.Tests.Support;

/// <summary>
/// The real PostgreSQL that deploy/test.sh starts. A template database is migrated and seeded
/// once per build of the server; every test class then gets its own copy of it
/// (CREATE DATABASE … TEMPLATE is a file copy, far faster than migrating again).
/// </summary>
public static class TestDatabases
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    /// <summary>A connection to the maintenance database, as a role that may create databases.</summary>
    public static string AdminConnectionString { get; } = FindAdminConnectionString();

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates a fresh, migrated and seeded database; returns its connection string.</summary>
    public static async Task<string> CreateAsync()
    {
        var template = await Template.Value;
        var name = "jf_test_" + Guid.NewGuid().ToString("N")[..20];
        await ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {template}");
        return ConnectionStringFor(name);
    }

    /// <summary>Creates an empty database (no schema), for migration tests.</summary>
    public static async Task<string> CreateEmptyAsync()
    {
        var name = "jf_empty_" + Guid.NewGuid().ToString("N")[..20];
        await ExecuteAsync($"CREATE DATABASE {name}");
        return ConnectionStringFor(name);
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // An autovacuum worker was in the database (likelier since search_entries has 256
            // partitions): FORCE may terminate it only with pg_signal_backend, but a plain DROP
            // cancels autovacuum by itself, and our own sessions are gone already.
            await ExecuteAsync($"DROP DATABASE IF EXISTS {name}");
        }
    }

    private static async Task<string> CreateTemplateAsync()
    {
        // Named after this build of the server, so a changed migration or seed gets a new one.
        var build = typeof(JobFairDb).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..16];
        var name = "jf_template_" + build;
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_lock(4242)", conn)) await lockCmd.ExecuteNonQueryAsync();
        try
        {
            await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", conn);
            exists.Parameters.AddWithValue(name);
            if ((long)(await exists.ExecuteScalarAsync())! > 0) return name;

            await DropStaleTemplatesAsync(conn);
            var building = name + "_wip";
            await ExecuteAsync($"DROP DATABASE IF EXISTS {building} WITH (FORCE)");
            await ExecuteAsync($"CREATE DATABASE {building}");
            var cs = new NpgsqlConnectionStringBuilder(ConnectionStringFor(building)) { Pooling = false }.ConnectionString;
            await using (var dataSource = NpgsqlDataSource.Create(cs))
            {
                await new Migrator(dataSource, NullLogger<Migrator>.Instance).ApplyAsync();
                var options = new DbContextOptionsBuilder<JobFairDb>().UseNpgsql(dataSource).Options;
                await using var db = new JobFairDb(options);
                await new ReferenceData(db, NullLogger<ReferenceData>.Instance).LoadAsync();
            }
            // Renamed only when complete, so a crashed build never leaves a half-made template behind.
            await ExecuteAsync($"ALTER DATABASE {building} RENAME TO {name}");
            return name;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(4242)", conn);
            await unlock.ExecuteNonQueryAsync();
        }
    }

    private static async Task DropStaleTemplatesAsync(NpgsqlConnection conn)
    {
        var stale = new List<string>();
        await using (var cmd = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'jf\\_template\\_%'", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) stale.Add(reader.GetString(0));
        foreach (var db in stale)
        {
            try { await ExecuteAsync($"DROP DATABASE IF EXISTS {db} WITH (FORCE)"); }
            catch (PostgresException) { /* another run is using it; it will go next time */ }
        }
    }

    private static async Task ExecuteAsync(string sql)
    {
        var cs = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString;
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static string FindAdminConnectionString()
    {
        if (Environment.GetEnvironmentVariable("JOBFAIR_TEST_PG") is { Length: > 0 } fromScript) return fromScript;
        // Plain `dotnet test` after deploy/test.sh or run.sh has started the private cluster.
        var dir = new DirectoryInfo(Path.GetDirectoryName(Assembly.GetExecutingAssembly().Location)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "JobFair.sln"))) dir = dir.Parent;
        var password = dir is null ? null : Path.Combine(dir.FullName, ".data", "pg-password");
        if (password is null || !File.Exists(password))
            throw new InvalidOperationException("No test database: run deploy/test.sh, or set JOBFAIR_TEST_PG.");
        var port = Environment.GetEnvironmentVariable("JOBFAIR_PG_PORT") is { Length: > 0 } set ? set : "25432"; // deploy/lib/common.sh's default
        return $"Host=127.0.0.1;Port={port};Username=jobfair;Password={File.ReadAllText(password).Trim()};Database=postgres";
    }
}
