using System.Net;
using System.Text.Json.Nodes;

namespace JobFair.Tests.Support;

/// <summary>Signs in as each kind of caller through the real auth endpoints.</summary>
public static class Callers
{
    public static Api Anonymous(this JobFairApp app) => new(app.CreateClient());

    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@test.jobfair.local";

    public const string Password = "correct-horse-42";

    public static async Task<Api> RegisterAsync(this JobFairApp app, string? email = null, string password = Password)
    {
        email ??= NewEmail();
        var api = new Api(app.CreateClient()) { Email = email };
        await Api.Expect(await api.PostAsync("/api/auth/register", new { email, password }), HttpStatusCode.OK);
        return await api.SignInAsync(password);
    }

    public static async Task<Api> SignInAsync(this Api api, string password = Password)
    {
        var tokens = await Api.Expect(await api.PostAsync("/api/auth/login", new { email = api.Email, password }), HttpStatusCode.OK);
        api.UseTokens(tokens);
        return api;
    }

    public static Task<Api> AdminAsync(this JobFairApp app) =>
        new Api(app.CreateClient()) { Email = JobFairApp.AdminEmail }.SignInAsync(JobFairApp.AdminPassword);

    /// <summary>A career-centre member of the given university, created by the admin.</summary>
    public static async Task<Api> CentreAsync(this JobFairApp app, Guid universityId)
    {
        using var admin = await app.AdminAsync();
        var email = NewEmail("centre");
        await Api.Expect(await admin.PostAsync("/api/admin/centre-staff", new { email, password = Password, universityId }),
            HttpStatusCode.Created);
        return await new Api(app.CreateClient()) { Email = email }.SignInAsync();
    }

    /// <summary>Looks a university up by its exact name through the public API.</summary>
    public static async Task<Guid> UniversityIdAsync(this JobFairApp app, string name)
    {
        using var api = app.Anonymous();
        var page = await api.GetJsonAsync($"/api/universities?q={Uri.EscapeDataString(name)}&pageSize=100");
        var match = page["items"]!.AsArray().Single(u => (string?)u!["name"] == name);
        return Guid.Parse((string)match!["id"]!);
    }

    public static JsonArray Items(this JsonNode page) => page["items"]!.AsArray();
}
