using JobFair.Server.Infrastructure;
using JobFair.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace JobFair.Tests.Foundation;

/// <summary>
/// The server's pooled connections are not reset (DISCARD ALL) on reuse, so PostgreSQL keeps each
/// connection's cached plans: keyword search relies on its PL/pgSQL tokenisers' plans surviving
/// (0007). A connection string that sets No Reset On Close itself is obeyed. Statements sent again
/// and again are prepared on the connection (parsed once), and a lookup's plan is made once and reused. The pool
/// keeps a floor of connections when it prunes the idle ones (all at once, every five minutes). Server connections
/// run no parallel workers; a connection string's own Options come after the server's.
/// </summary>
public sealed class ConnectionPoolTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public void The_server_pool_does_not_reset_connections_on_reuse()
    {
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        Assert.True(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).NoResetOnClose);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=x", false)]
    [InlineData("Host=127.0.0.1;Database=x;No Reset On Close=false", true)]
    [InlineData("Host=127.0.0.1;Database=x;NoResetOnClose=true", true)]
    public void Only_a_connection_string_that_names_the_setting_overrides_it(string connectionString, bool names) =>
        Assert.Equal(names, Database.SaysResetOnClose(connectionString));

    [Fact]
    public async Task A_statement_sent_again_and_again_is_prepared_and_its_plan_made_once()
    {
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        // Npgsql prepares a statement at its fifth use; PostgreSQL plans its first five executions for their values.
        for (var i = 0; i < 12; i++)
        {
            await using var repeated = new NpgsqlCommand("SELECT oid FROM pg_class WHERE relname = $1", connection)
            {
                Parameters = { new() { Value = $"pg_relation_{i}" } },
            };
            await repeated.ExecuteScalarAsync();
        }
        await using var prepared = new NpgsqlCommand(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%pg_class WHERE relname = $1%'", connection);
        await using (var reader = await prepared.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync(), "the repeated statement is prepared on the connection");
            Assert.True(reader.GetInt64(0) > 0, $"planned once and reused: {reader.GetInt64(0)} reuses, {reader.GetInt64(1)} plans for given values");
        }
        await using var pricing = new NpgsqlCommand("SHOW random_page_cost", connection);
        Assert.Equal("1.1", await pricing.ExecuteScalarAsync());
        await using var parallel = new NpgsqlCommand("SHOW max_parallel_workers_per_gather", connection);
        Assert.Equal("0", await parallel.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_connection_string_s_own_options_win_for_what_they_name_and_the_others_stay()
    {
        var cs = new NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<IConfiguration>().GetConnectionString(Database.ConnectionName))
        {
            Options = "-c random_page_cost=2.5 -c statement_timeout=30s",
        }.ConnectionString;
        await using var dataSource = Database.CreateDataSource(cs);
        await using var connection = await dataSource.OpenConnectionAsync();
        async Task<object?> Show(string setting)
        {
            await using var show = new NpgsqlCommand($"SHOW {setting}", connection);
            return await show.ExecuteScalarAsync();
        }
        Assert.Equal("2.5", await Show("random_page_cost"));
        Assert.Equal("30s", await Show("statement_timeout"));
        Assert.Equal("0", await Show("max_parallel_workers_per_gather"));
    }

    [Fact, System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void The_bench_s_pgbench_baselines_start_with_the_server_s_session_settings() =>
        Assert.Contains($"[\"PGOPTIONS\"] = \"{Database.SessionOptions}\"",
            File.ReadAllText(Path.Combine(ServerProcess.Repository, "tests", "JobFair.Bench", "Tools", "PgBench.cs")));

    [Theory]
    [InlineData("Host=127.0.0.1;Database=x", Database.PoolFloor)]
    [InlineData("Host=127.0.0.1;Database=x;Minimum Pool Size=2", 2)]
    [InlineData("Host=127.0.0.1;Database=x;MinPoolSize=0", 0)]
    [InlineData("Host=127.0.0.1;Database=x;minimum pool size=3", 3)]
    [InlineData("Host=127.0.0.1;Database=x;Maximum Pool Size=5", 5)]
    public void The_pool_keeps_a_floor_unless_the_connection_string_names_one(string connectionString, int floor)
    {
        using var dataSource = Database.CreateDataSource(connectionString);
        Assert.Equal(floor, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MinPoolSize);
    }

    [Fact]
    public async Task Pruning_the_idle_connections_leaves_the_floor_open()
    {
        // Npgsql's pruning at a one-second sample and a two-second idle lifetime instead of 10 and 300 s.
        var name = $"pool-floor-{Guid.NewGuid():N}"[..30];
        var cs = new NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<IConfiguration>().GetConnectionString(Database.ConnectionName))
        {
            ApplicationName = name, ConnectionIdleLifetime = 2, ConnectionPruningInterval = 1,
        }.ConnectionString;
        await using var dataSource = Database.CreateDataSource(cs);
        var burst = new List<NpgsqlConnection>();
        for (var i = 0; i < Database.PoolFloor + 6; i++) burst.Add(await dataSource.OpenConnectionAsync());
        Assert.Equal(Database.PoolFloor + 6L, await OpenAsAsync(name));
        foreach (var connection in burst) await connection.DisposeAsync();

        long open = Database.PoolFloor + 6;
        for (var waited = 0; waited < 60 && open > Database.PoolFloor; waited++)
        {
            await Task.Delay(250);
            open = await OpenAsAsync(name);
        }
        await Task.Delay(2_500); // longer than an idle lifetime: nothing closes below the floor
        Assert.Equal((long)Database.PoolFloor, await OpenAsAsync(name));
    }

    private async Task<long> OpenAsAsync(string applicationName)
    {
        await using var count = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1");
        count.Parameters.AddWithValue(applicationName);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
