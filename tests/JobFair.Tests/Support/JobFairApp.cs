using JobFair.Server.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
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
            // Anonymous readers' copies of public pages (Web/PageCache) would show a test the data of seconds ago; PageCacheTests turn them on.
            ["PageCache:Seconds"] = "0",
            // Every test client comes from one address; the tests of the limits themselves set them low again.
            ["RateLimits:SignInBurst"] = "100000", ["RateLimits:SignInPerMinute"] = "100000",
            ["RateLimits:RegisterBurst"] = "100000", ["RateLimits:RegisterPerMinute"] = "100000",
            ["RateLimits:ClaimsBurst"] = "100000", ["RateLimits:ClaimsPerMinute"] = "100000",
            ["RateLimits:UploadsBurst"] = "100000", ["RateLimits:UploadsPerMinute"] = "100000",
        };
        foreach (var (key, value) in Settings) settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (Clock is { } clock) builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        builder.ConfigureTestServices(s => s.AddTransient<IStartupFilter, ClientAddressFromHeader>());
        // Thousands of accounts are made and signed in during a run: hashing each password 100,000 times
        // (51 ms of CPU here) cost minutes. The stored hash names its own count, so nothing else changes.
        builder.ConfigureTestServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000));
    }

    /// <summary>The header by which a test client says which address it comes from (the test server has none).</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>Sets the connection's remote address from <see cref="ClientAddressHeader"/>, before anything else runs.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, inner) =>
            {
                if (System.Net.IPAddress.TryParse(http.Request.Headers[ClientAddressHeader].ToString(), out var address))
                    http.Connection.RemoteIpAddress = address;
                return inner(http);
            });
            next(app);
        };
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
