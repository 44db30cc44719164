using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace JobFair.Tests.Foundation;

/// <summary>Another server process on an existing database: a second node, or a restart.</summary>
public sealed class Node(string connectionString, params (string Key, string? Value)[] settings) : JobFairApp(connectionString)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value));

    public string Environment { get; init; } = "Testing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(Environment);
    }
}

public sealed class NodesTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public void A_node_sends_no_usage_reports_to_the_message_bus_library_makers()
    {
        // MassTransit reports its configuration to usage-tracking.masstransit.io unless this is off
        // (the CI log showed each test node trying, and failing, to reach it).
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MassTransit.UsageTelemetryOptions>>().Value;
        Assert.False(options.Enabled);
    }

    [Fact]
    public async Task Tokens_issued_by_one_node_are_accepted_by_another_and_after_a_restart()
    {
        using var user = await app.RegisterAsync();
        await using var other = new Node(app.ConnectionString);
        await other.InitializeAsync();

        var onOther = new Api(other.CreateClient()) { Email = user.Email };
        onOther.Http.DefaultRequestHeaders.Authorization = user.Http.DefaultRequestHeaders.Authorization;
        var me = await onOther.GetJsonAsync("/api/me");
        Assert.Equal(user.Email, (string?)me["email"]);

        var refreshed = await Api.Expect(await onOther.PostAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken }), HttpStatusCode.OK);
        user.UseTokens(refreshed);
        Assert.Equal(user.Email, (string?)(await user.GetJsonAsync("/api/me"))["email"]);
    }

    [Fact]
    public async Task Keys_are_stored_encrypted_yet_nodes_sharing_the_certificate_read_each_others_cookies_and_tokens()
    {
        var user = await app.RegisterAsync();
        using var browser = app.CreateClient(new() { HandleCookies = false });
        var login = await browser.PostAsJsonAsync(new Uri("/api/auth/login?useCookies=true", UriKind.Relative),
            new { email = user.Email, password = Callers.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        // The key ring in the database holds no key in the clear: each is encrypted to the certificate.
        var stored = await app.WithDb(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });

        // Another node with the same certificate reads the cookie, and its tokens are read by the first.
        await using (var other = new Node(app.ConnectionString))
        {
            await other.InitializeAsync();
            Assert.Equal(user.Email, (string?)(await MeByCookieAsync(other, cookie))["email"]);
            var onOther = await new Api(other.CreateClient()) { Email = user.Email }.SignInAsync();
            var back = new Api(app.CreateClient());
            back.UseTokens(new JsonObject { ["accessToken"] = onOther.AccessToken, ["refreshToken"] = onOther.RefreshToken });
            Assert.Equal(user.Email, (string?)(await back.GetJsonAsync("/api/me"))["email"]);
        }

        // The database alone is not enough: a node without the certificate cannot read the cookie.
        await using var stranger = new Node(app.ConnectionString, ("DataProtection:Certificate", ""));
        await stranger.InitializeAsync();
        using var strangerBrowser = stranger.CreateClient(new() { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/me", UriKind.Relative)) { Headers = { { "Cookie", cookie } } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await strangerBrowser.SendAsync(request)).StatusCode);
    }

    private static async Task<JsonNode> MeByCookieAsync(JobFairApp node, string cookie)
    {
        using var browser = node.CreateClient(new() { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/me", UriKind.Relative)) { Headers = { { "Cookie", cookie } } };
        return await Api.Expect(await browser.SendAsync(request), HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_operators_admin_password_survives_restarts_until_a_reset_is_asked_for()
    {
        // The operator replaces the first password (the one the scripts generated and configure).
        using (var admin = await app.AdminAsync())
            await Api.Expect(await admin.PostAsync("/api/auth/manage/info",
                new { oldPassword = JobFairApp.AdminPassword, newPassword = "chosen-by-the-operator-9" }), HttpStatusCode.OK);

        // Restarts, with the first password or another one configured, keep the operator's choice.
        foreach (var configured in new[] { JobFairApp.AdminPassword, "configured-later-password-8" })
        {
            await using var restarted = new Node(app.ConnectionString, ("JOBFAIR_ADMIN_PASSWORD", configured));
            await restarted.InitializeAsync();
            await AssertAdminSignInAsync(restarted, refused: configured, accepted: "chosen-by-the-operator-9");
        }

        // Asked to, the server sets the configured password again (and only then).
        await using var reset = new Node(app.ConnectionString, ("JOBFAIR_ADMIN_PASSWORD", JobFairApp.AdminPassword), ("JOBFAIR_ADMIN_RESET", "1"));
        await reset.InitializeAsync();
        await AssertAdminSignInAsync(reset, refused: "chosen-by-the-operator-9", accepted: JobFairApp.AdminPassword);
    }

    private static async Task AssertAdminSignInAsync(JobFairApp node, string refused, string accepted)
    {
        using var api = node.Anonymous();
        await Api.ExpectProblem(await api.PostAsync("/api/auth/login", new { email = JobFairApp.AdminEmail, password = refused }),
            HttpStatusCode.Unauthorized, "invalid_credentials");
        var tokens = await Api.Expect(await api.PostAsync("/api/auth/login", new { email = JobFairApp.AdminEmail, password = accepted }), HttpStatusCode.OK);
        api.UseTokens(tokens);
        Assert.Contains("admin", (await api.GetJsonAsync("/api/me"))["roles"]!.AsArray().Select(r => (string?)r));
    }

    [Fact]
    public async Task Outside_Development_the_server_refuses_to_start_without_an_admin_password()
    {
        await using var production = new Node(app.ConnectionString, ("JOBFAIR_ADMIN_PASSWORD", "")) { Environment = "Production" };

        var error = await Assert.ThrowsAnyAsync<Exception>(production.InitializeAsync);
        Assert.Contains("JOBFAIR_ADMIN_PASSWORD", error.ToString(), StringComparison.Ordinal);
    }
}
