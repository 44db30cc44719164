using JobFair.Server.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JobFair.Tests.Support;

/// <summary>
/// The whole server, in process, on its own database cloned from the migrated template.
/// One per test class (<c>IClassFixture&lt;JobFairApp&gt;</c>): classes never share state.
/// </summary>
public class JobFairApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@test.jobfair.local";
    public const string AdminPassword = "admin-password-4-tests";

    private string? _connectionString;
    private readonly bool _ownsDatabase;

    public JobFairApp() => _ownsDatabase = true;

    /// <summary>A second node on another app's database, as in a multi-node deployment.</summary>
    protected JobFairApp(string connectionString)
    {
        _connectionString = connectionString;
        _ownsDatabase = false;
    }

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("not initialised");

    /// <summary>
    /// The app's clock when its tests move time themselves (ClockedApp): it stands
    /// still until a test advances it, and timers on it fire only then. Null: the system clock.
    /// </summary>
    public FakeTimeProvider? Clock { get; protected init; }

    /// <summary>Settings on top of the defaults below; override to change them for one class.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public virtual async Task InitializeAsync()
    {
        _connectionString ??= await TestDatabases.CreateAsync();
        StartServer(); // now, so failures surface in the fixture rather than the first test
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:JobFair"] = ConnectionString,
            ["JOBFAIR_ADMIN_EMAIL"] = AdminEmail,
            ["JOBFAIR_ADMIN_PASSWORD"] = AdminPassword,
            ["DataProtection:Certificate"] = TestCertificates.DataProtection,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            // A metrics listener subscribes to meters by name across the whole process, so with
            // metrics on, every test host would also read the others' instruments; MetricsTests turns them on for itself.
            ["Telemetry:Metrics"] = "false",
        };
        foreach (var (key, value) in Settings) settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (Clock is { } clock) builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
    }

    /// <summary>A DbContext on this app's database, for arranging and checking state directly.</summary>
    public async Task<T> WithDb<T>(Func<JobFairDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<JobFairDb>());
    }

    public Task WithDb(Func<JobFairDb, Task> work) => WithDb(async db => { await work(db); return true; });

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase && _connectionString is not null) await TestDatabases.DropAsync(_connectionString);
    }
}
