using System.Net;
using System.Net.Http.Json;
using JobFair.Tests.Support;
using Npgsql;

namespace JobFair.Tests.Foundation;

/// <summary>
/// The built server started by deploy/lib/common.sh exactly as deploy/run.sh and deploy/cluster.sh
/// start it (in Production, from its build folder, through server_prepare and server_launch).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ServerProcessTests : IAsyncLifetime
{
    private string _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabases.CreateAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(_database);

    [Fact]
    public async Task As_the_scripts_start_it_the_server_reads_its_settings_runs_unprivileged_and_shows_no_secret()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__JobFair"] = _database,
        });
        using var http = new HttpClient { BaseAddress = server.Address };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/api/universities?q=大学", UriKind.Relative))).StatusCode);
        using (var elsewhere = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/universities", UriKind.Relative)) { Headers = { Host = "evil.example" } })
            Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(elsewhere)).StatusCode); // the scripts' AllowedHosts

        // The admin's password is the one generated into the data folder, readable by its owner only.
        var passwordFile = Path.Combine(server.Data, "admin-password");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        var password = File.ReadAllText(passwordFile).Trim();
        Assert.True(password.Length >= 20, "a generated password of 20 characters or more");
        var login = await http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { email = "admin@jobfair.local", password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        // Not root; neither the admin's nor the database's password on the command line.
        var uid = File.ReadAllLines($"/proc/{server.Pid}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.NotEqual("0", uid);
        var commandLine = File.ReadAllText($"/proc/{server.Pid}/cmdline").Replace('\0', ' ');
        Assert.Contains("JobFair.Server.dll", commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain(password, commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(_database).Password!, commandLine, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.LogFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(server.Data, "dataprotection.pem")));

        // appsettings.json applies: Information from the server itself, but EF Core's commands and
        // ASP.NET Core's per-request lines held back at Warning.
        var log = server.Log;
        Assert.Contains("\"Category\":\"Microsoft.Hosting.Lifetime\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.EntityFrameworkCore.Database.Command", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.AspNetCore.Hosting.Diagnostics", log, StringComparison.Ordinal);
    }
}
