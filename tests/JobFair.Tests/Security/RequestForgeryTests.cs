using System.Net;
using System.Net.Http.Json;
using JobFair.Tests.Support;

namespace JobFair.Tests.Security;

/// <summary>
/// What a request's own headers may not do, on Kestrel as deployed: steer the links the platform
/// writes to another host, or make a signed-in browser change something for a page of another site.
/// </summary>
public sealed class RequestForgeryTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task Links_the_platform_writes_cannot_be_pointed_at_another_host_by_a_request_header()
    {
        var scene = await app.FairSceneAsync();
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(5), 1));
        var invitee = await app.InviteeAsync(scene, "李雷");
        var booking = (string)(await invitee.BookedAsync(slots[0]))["id"]!;
        var calendar = new Uri($"/api/bookings/{booking}/calendar.ics", UriKind.Relative);

        // A Host header naming another site is refused before anything is written.
        using (var request = new HttpRequestMessage(HttpMethod.Get, calendar))
        {
            request.Headers.Host = "evil.example";
            await Api.ExpectProblem(await invitee.Student.Http.SendAsync(request), HttpStatusCode.BadRequest, "host_not_allowed");
        }

        // X-Forwarded-Host is never taken (nginx passes the Host header itself).
        using (var request = new HttpRequestMessage(HttpMethod.Get, calendar))
        {
            request.Headers.Add("X-Forwarded-Host", "evil.example");
            var response = await invitee.Student.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var ics = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("evil", ics, StringComparison.Ordinal);
            Assert.Contains($"URL:http://127.0.0.1:{app.Address.Port}/rooms/{booking}", ics.Replace("\r\n ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_cookie_authenticated_change_needs_the_antiforgery_token_and_a_bearer_call_does_not()
    {
        var user = await app.RegisterAsync();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.Address };
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = user.Email, password = Callers.Password })).StatusCode);
        var change = new { timeZone = "Asia/Tokyo" };

        // Reading by cookie needs nothing more; changing does.
        await Api.Expect(await browser.GetAsync(new Uri("/api/me", UriKind.Relative)), HttpStatusCode.OK);
        var refused = await browser.PutAsJsonAsync("/api/me/time-zone", change);
        await Api.ExpectProblem(refused, HttpStatusCode.BadRequest, "antiforgery_token_invalid");
        Assert.Equal("Asia/Shanghai", (string?)(await Api.Expect(await browser.GetAsync(new Uri("/api/me", UriKind.Relative)), HttpStatusCode.OK))["timeZone"]);

        // A token from another session does not do either.
        var stranger = await Api.Expect(await user.GetAsync("/api/auth/antiforgery"), HttpStatusCode.OK);
        using (var forged = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/me/time-zone", UriKind.Relative)) { Content = JsonContent.Create(change) })
        {
            forged.Headers.Add((string)stranger["headerName"]!, (string)stranger["token"]!);
            await Api.ExpectProblem(await browser.SendAsync(forged), HttpStatusCode.BadRequest, "antiforgery_token_invalid");
        }

        // The page's own token (fetched with the cookie) lets the change through.
        var mine = await Api.Expect(await browser.GetAsync(new Uri("/api/auth/antiforgery", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal("RequestVerificationToken", (string?)mine["headerName"]);
        using (var allowed = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/me/time-zone", UriKind.Relative)) { Content = JsonContent.Create(change) })
        {
            allowed.Headers.Add("RequestVerificationToken", (string)mine["token"]!);
            await Api.Expect(await browser.SendAsync(allowed), HttpStatusCode.OK);
        }
        Assert.Equal("Asia/Tokyo", (string?)(await Api.Expect(await browser.GetAsync(new Uri("/api/me", UriKind.Relative)), HttpStatusCode.OK))["timeZone"]);

        // Bearer calls carry no token; a bearer header beside the cookie is a bearer call.
        await Api.Expect(await user.Http.PutAsJsonAsync("/api/me/time-zone", new { timeZone = "Europe/Berlin" }), HttpStatusCode.OK);
        using var both = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/me/time-zone", UriKind.Relative)) { Content = JsonContent.Create(change) };
        both.Headers.Authorization = user.Http.DefaultRequestHeaders.Authorization;
        await Api.Expect(await browser.SendAsync(both), HttpStatusCode.OK);
        Assert.Equal("Asia/Tokyo", (string?)(await user.GetJsonAsync("/api/me"))["timeZone"]);
    }
}
