using System.Net;
using JobFair.Tests.Support;

namespace JobFair.Tests.Foundation;

/// <summary>
/// The built server started as deploy/run.sh and deploy/cluster.sh start it (its own process, another
/// working folder, Production) reads its own appsettings.json: log levels and allowed hosts apply.
/// </summary>
public sealed class ServerSettingsTests : IAsyncLifetime
{
    private string _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabases.CreateAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(_database);

    [Fact]
    public async Task Started_from_another_folder_the_server_applies_its_own_appsettings()
    {
        string log;
        await using (var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__JobFair"] = _database,
            ["JOBFAIR_ADMIN_PASSWORD"] = "settings-admin-password-1",
        }))
        {
            using var http = new HttpClient { BaseAddress = server.Address };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/api/universities?q=大学", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
            log = server.Output;
        }

        // Information from the server itself is written (so logging works at all) ...
        Assert.Contains("\"Category\":\"Microsoft.Hosting.Lifetime\"", log, StringComparison.Ordinal);
        // ... but appsettings.json keeps EF Core's commands and ASP.NET Core's per-request lines at Warning.
        Assert.DoesNotContain("Microsoft.EntityFrameworkCore.Database.Command", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.AspNetCore.Hosting.Diagnostics", log, StringComparison.Ordinal);
    }
}
