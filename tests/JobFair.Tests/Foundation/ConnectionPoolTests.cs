using JobFair.Server.Infrastructure;
using JobFair.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace JobFair.Tests.Foundation;

/// <summary>
/// The server's pooled connections are not reset (DISCARD ALL) on reuse, so PostgreSQL keeps each
/// connection's cached plans: keyword search relies on its PL/pgSQL tokenisers' plans surviving
/// (0007). A connection string that sets No Reset On Close itself is obeyed. Statements sent again
/// and again are prepared on the connection (parsed once), and still planned per execution.
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
    public async Task A_statement_sent_again_and_again_is_prepared_and_still_planned_for_its_values()
    {
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var i = 0; i < 6; i++)
        {
            await using var repeated = new NpgsqlCommand("SELECT count(*) FROM pg_class WHERE relpages >= $1", connection) { Parameters = { new() { Value = i } } };
            await repeated.ExecuteScalarAsync();
        }
        await using var prepared = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%relpages >= $1%'", connection);
        Assert.Equal(1L, await prepared.ExecuteScalarAsync());
        await using var planning = new NpgsqlCommand("SHOW plan_cache_mode", connection);
        Assert.Equal("force_custom_plan", await planning.ExecuteScalarAsync());
        await using var pricing = new NpgsqlCommand("SHOW random_page_cost", connection);
        Assert.Equal("1.1", await pricing.ExecuteScalarAsync());
    }
}
