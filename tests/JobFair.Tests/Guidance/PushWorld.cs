using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JobFair.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace JobFair.Tests.Guidance;

/// <summary>A published fair of one pair, running from an hour ago for ten days (by the app's clock), with one approved employer.</summary>
public sealed record GuidanceScene(Api Host, Guid FairId, Guid PairId, Guid SupportedId, Guid SupportingId, Api Recruiter, Guid EmployerId);

/// <summary>Arrangements for the push and reminder tests, on a server whose clock the tests move (<see cref="ClockedApp"/>).</summary>
public static class PushWorld
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    public static DateTimeOffset Now(this JobFairApp app) => app.Clock!.GetUtcNow();

    /// <summary>Moves the clock on to 10:00 in Asia/Shanghai of the next day, so that a test's day does not end half-way.</summary>
    public static void MoveToNextMorning(this JobFairApp app)
    {
        var local = app.Now().ToOffset(Shanghai);
        var morning = new DateTimeOffset(local.Date.AddDays(1).AddHours(10), Shanghai);
        app.Clock!.Advance(morning - app.Now());
    }

    /// <summary>The pair at this place in batch 2: each test takes its own, so that its graduates meet only its positions.</summary>
    public static async Task<(Guid PairId, Guid Supported, Guid Supporting)> PairAsync(this JobFairApp app, int index)
    {
        using var api = app.Anonymous();
        var pair = (await api.GetJsonAsync("/api/pairs?batch=2&pageSize=100")).Items()[index]!;
        return (Guid.Parse((string)pair["id"]!), Guid.Parse((string)pair["supported"]!["id"]!), Guid.Parse((string)pair["supporting"]!["id"]!));
    }

    public static async Task<GuidanceScene> SceneAsync(this JobFairApp app, int pairIndex)
    {
        var (pairId, supported, supporting) = await app.PairAsync(pairIndex);
        var host = await app.CentreAsync(supported);
        var fairId = await host.FairAsync(app, pairId);
        var (recruiter, employerId) = await app.RecruiterAsync();
        await host.ApproveAsync(recruiter, fairId, employerId);
        return new GuidanceScene(host, fairId, pairId, supported, supporting, recruiter, employerId);
    }

    /// <summary>Another published fair of the pair, open for ten days from an hour ago.</summary>
    public static async Task<Guid> FairAsync(this Api host, JobFairApp app, Guid pairId, string title = "一帮一 春季网络双选会")
    {
        var fair = await Api.Expect(await host.PostAsync("/api/fairs", new
        {
            pairId, title, description = "线上联合双选会", startsAt = app.Now().AddHours(-1), endsAt = app.Now().AddDays(10),
        }), HttpStatusCode.Created);
        var id = Guid.Parse((string)fair["id"]!);
        await Api.Expect(await host.PostAsync($"/api/fairs/{id}/publish", null), HttpStatusCode.OK);
        return id;
    }

    public static Task<Guid> PostAsync(this GuidanceScene scene, string title, params string[] majors) =>
        scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], title, majors: majors));

    public static Task<HttpResponseMessage> PutJsonAsync(this Api api, string url, object body) =>
        api.Http.PutAsJsonAsync(new Uri(url, UriKind.Relative), body);

    /// <summary>Signs in again: bearer tokens expire an hour after issue by the app's clock, and the tests move it by days.</summary>
    public static async Task<Api> AgainAsync(this Api api) => await api.SignInAsync();

    public static async Task<JsonArray> RecommendationsAsync(this Api student, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/students/me/recommendations?pageSize=100");
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return (await Api.Expect(await student.Http.SendAsync(request), HttpStatusCode.OK)).Items();
    }

    public static async Task<List<string?>> PushedTitlesAsync(this Api student) =>
        (await student.RecommendationsAsync()).Select(r => (string?)r!["position"]!["title"]).ToList();

    public static async Task<int> RecommendedNotificationsAsync(this Api user) =>
        (await user.GetJsonAsync("/api/me/notifications?pageSize=100")).Items().Count(n => (string?)n!["kind"] == "position_recommended");
}

/// <summary>Another node on an existing database, on a clock shared with the others (one world, one time).</summary>
public sealed class ClockedNode : JobFairApp
{
    public ClockedNode(string connectionString, FakeTimeProvider clock) : base(connectionString) => Clock = clock;
}
