using System.Net;
using System.Net.Http.Json;
using JobFair.Server.Features.Accounts;
using JobFair.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace JobFair.Tests.Foundation;

public sealed class AuthTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task A_registered_user_signs_in_and_sees_themselves_without_roles()
    {
        using var user = await app.RegisterAsync();

        var me = await user.GetJsonAsync("/api/me");

        Assert.Equal(user.Email, (string?)me["email"]);
        Assert.Empty(me["roles"]!.AsArray());
        Assert.Equal("Asia/Shanghai", (string?)me["timeZone"]);
        Assert.True(Guid.TryParse((string?)me["userId"], out _));
    }

    [Fact]
    public async Task Login_returns_a_bearer_token_with_expiry_and_refresh_token()
    {
        var email = Callers.NewEmail();
        using var api = app.Anonymous();
        await Api.Expect(await api.PostAsync("/api/auth/register", new { email, password = Callers.Password }), HttpStatusCode.OK);

        var tokens = await Api.Expect(await api.PostAsync("/api/auth/login", new { email, password = Callers.Password }), HttpStatusCode.OK);

        Assert.Equal("Bearer", (string?)tokens["tokenType"]);
        Assert.False(string.IsNullOrEmpty((string?)tokens["accessToken"]));
        Assert.False(string.IsNullOrEmpty((string?)tokens["refreshToken"]));
        Assert.True((int)tokens["expiresIn"]! > 0);
    }

    [Fact]
    public async Task Without_credentials_me_is_a_401_problem()
    {
        using var api = app.Anonymous();
        await Api.ExpectProblem(await api.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthenticated");

        api.Http.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
        await Api.ExpectProblem(await api.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task A_wrong_password_is_a_401_problem_with_a_code()
    {
        using var user = await app.RegisterAsync();
        using var api = app.Anonymous();

        var problem = await Api.ExpectProblem(
            await api.PostAsync("/api/auth/login", new { email = user.Email, password = "wrong-password-1" }),
            HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.DoesNotContain("Failed", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_with_429_and_Retry_After()
    {
        using var user = await app.RegisterAsync();
        using var api = app.Anonymous();
        for (var i = 0; i < 4; i++)
            await Api.ExpectProblem(await api.PostAsync("/api/auth/login", new { email = user.Email, password = "guess-" + i }),
                HttpStatusCode.Unauthorized, "invalid_credentials");

        var locked = await api.PostAsync("/api/auth/login", new { email = user.Email, password = "guess-5" });
        await Api.ExpectProblem(locked, HttpStatusCode.TooManyRequests, "locked_out");
        var retryAfter = int.Parse(locked.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 300);

        // Even the right password waits until the lockout ends.
        var right = await api.PostAsync("/api/auth/login", new { email = user.Email, password = Callers.Password });
        await Api.ExpectProblem(right, HttpStatusCode.TooManyRequests, "locked_out");
    }

    [Fact]
    public async Task Cookie_sign_in_works_for_pages()
    {
        using var user = await app.RegisterAsync();
        var client = app.CreateClient(new() { HandleCookies = true });

        var login = await client.PostAsJsonAsync(new Uri("/api/auth/login?useCookies=true", UriKind.Relative),
            new { email = user.Email, password = Callers.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("jobfair=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));

        var me = await Api.Expect(await client.GetAsync(new Uri("/api/me", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal(user.Email, (string?)me["email"]);
    }

    [Fact]
    public async Task A_token_keeps_the_roles_it_was_issued_with_until_refreshed()
    {
        using var user = await app.RegisterAsync();
        var universityId = await app.UniversityIdAsync("南京大学");
        var body = new { email = Callers.NewEmail(), password = Callers.Password, universityId };
        await Api.ExpectProblem(await user.PostAsync("/api/admin/centre-staff", body), HttpStatusCode.Forbidden, "forbidden");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            await users.AddToRoleAsync((await users.FindByEmailAsync(user.Email!))!, Roles.Admin);
        }

        // /api/me reads the database; the old token still carries no role.
        Assert.Equal(["admin"], (await user.GetJsonAsync("/api/me"))["roles"]!.AsArray().Select(r => (string?)r));
        await Api.ExpectProblem(await user.PostAsync("/api/admin/centre-staff", body), HttpStatusCode.Forbidden);

        var refreshed = await Api.Expect(await user.PostAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken }), HttpStatusCode.OK);
        user.UseTokens(refreshed);
        await Api.Expect(await user.PostAsync("/api/admin/centre-staff", body), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_bogus_refresh_token_is_refused()
    {
        using var api = app.Anonymous();
        await Api.ExpectProblem(await api.PostAsync("/api/auth/refresh", new { refreshToken = "forged" }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Registering_with_a_weak_password_or_a_bad_address_is_refused()
    {
        using var api = app.Anonymous();

        var weak = await Api.ExpectProblem(
            await api.PostAsync("/api/auth/register", new { email = Callers.NewEmail(), password = "short" }), HttpStatusCode.BadRequest);
        Assert.NotNull(weak["errors"]!["password"]);
        var bad = await Api.ExpectProblem(
            await api.PostAsync("/api/auth/register", new { email = "not-an-address", password = Callers.Password }), HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["email"]);
        await Api.ExpectProblem(await api.PostRawAsync("/api/auth/register", "{\"email\":"), HttpStatusCode.BadRequest);
    }
}
