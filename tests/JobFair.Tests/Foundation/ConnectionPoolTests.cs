using JobFair.Server.Infrastructure;
using JobFair.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace JobFair.Tests.Foundation;

/// <summary>
/// The server's pooled connections are not reset (DISCARD ALL) on reuse, so PostgreSQL keeps each
/// connection's cached plans: keyword search relies on its PL/pgSQL tokenisers' plans surviving
/// (0007). A connection string that sets No Reset On Close itself is obeyed.
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
}
