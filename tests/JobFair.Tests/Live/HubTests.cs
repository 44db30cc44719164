using System.Net.Http.Json;
using System.Net;
using JobFair.Tests.Support;

namespace JobFair.Tests.Live;

/// <summary>Who may connect to /hubs/live and watch what: the server decides, from the database.</summary>
public sealed class HubTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task Anonymous_connections_may_watch_published_fairs_and_nothing_else()
    {
        var scene = await app.FairSceneAsync();
        var (pairId, _, _) = await app.FirstPairAsync();
        var draft = await scene.Host.CreateFairAsync(pairId, "草稿双选会", publish: false);
        await using var anonymous = await app.HubAsync();

        await anonymous.InvokeOkAsync("WatchFair", scene.FairId);
        await anonymous.InvokeOkAsync("UnwatchFair", scene.FairId);
        await anonymous.RefusedAsync("not_found", "WatchFair", draft);
        await anonymous.RefusedAsync("not_found", "WatchFair", Guid.NewGuid());
        await anonymous.RefusedAsync("unauthenticated", "WatchPosition", scene.PositionId);
        Assert.NotNull(await anonymous.InvokeAsync("WatchFair", "not-a-guid"));

        // A draft is watched by its hosts only.
        await using var host = await app.HubAsync(scene.Host);
        await host.InvokeOkAsync("WatchFair", draft);
    }

    [Fact]
    public async Task A_position_is_watched_by_its_recruiters_and_the_students_invited_for_it_only()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene);
        var application = await student.AppliedAsync(scene, resume);
        var (classmate, _) = await app.StudentAsync(scene.SupportedId, scene.Host);
        var (otherRecruiter, otherEmployer) = await app.RecruiterAsync();
        await scene.Host.ApproveAsync(otherRecruiter, scene.FairId, otherEmployer);
        var otherPosition = await otherRecruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "另一家的岗位"));
        using var admin = await app.AdminAsync();

        await using var recruiterHub = await app.HubAsync(scene.Recruiter);
        await using var studentHub = await app.HubAsync(student);
        await using var classmateHub = await app.HubAsync(classmate);
        await using var otherRecruiterHub = await app.HubAsync(otherRecruiter);
        await using var centreHub = await app.HubAsync(scene.Host);
        await using var adminHub = await app.HubAsync(admin);

        await recruiterHub.InvokeOkAsync("WatchPosition", scene.PositionId);
        await studentHub.RefusedAsync("forbidden", "WatchPosition", scene.PositionId); // applied, not invited
        await otherRecruiterHub.RefusedAsync("forbidden", "WatchPosition", scene.PositionId);
        await recruiterHub.RefusedAsync("forbidden", "WatchPosition", otherPosition);
        await centreHub.RefusedAsync("forbidden", "WatchPosition", scene.PositionId);
        await adminHub.RefusedAsync("forbidden", "WatchPosition", scene.PositionId);
        await recruiterHub.RefusedAsync("forbidden", "WatchPosition", Guid.NewGuid());

        await Api.Expect(await scene.Recruiter.PostAsync($"/api/applications/{application}/invite", new { message = "请参加面试" }), HttpStatusCode.OK);

        await studentHub.InvokeOkAsync("WatchPosition", scene.PositionId);
        await studentHub.InvokeOkAsync("UnwatchPosition", scene.PositionId);
        await classmateHub.RefusedAsync("forbidden", "WatchPosition", scene.PositionId);
        await studentHub.RefusedAsync("forbidden", "WatchPosition", otherPosition); // another employer's

        // An invitation that ends in rejection no longer lets the student watch.
        await Api.Expect(await scene.Recruiter.SetStatusAsync(application, "rejected"), HttpStatusCode.OK);
        await studentHub.RefusedAsync("forbidden", "WatchPosition", scene.PositionId);
    }

    [Fact]
    public async Task The_identity_cookie_and_the_access_token_both_authenticate_and_a_bad_token_is_nobody()
    {
        var scene = await app.FairSceneAsync();
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = app.Address };
        var login = await http.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = scene.Recruiter.Email, password = Callers.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        await using var byCookie = await HubClient.ConnectAsync(app.Address, cookie: cookie);
        await using var byToken = await app.HubAsync(scene.Recruiter);
        await using var byBadToken = await HubClient.ConnectAsync(app.Address, accessToken: "not-a-token");

        await byCookie.InvokeOkAsync("WatchPosition", scene.PositionId);
        await byToken.InvokeOkAsync("WatchPosition", scene.PositionId);
        await byBadToken.RefusedAsync("unauthenticated", "WatchPosition", scene.PositionId);
    }

    [Fact]
    public async Task A_client_whose_connection_drops_reconnects_and_is_back_in_its_groups()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene);
        await using var recruiterHub = await app.HubAsync(scene.Recruiter);

        await recruiterHub.DropAndReconnectAsync();
        var application = await student.AppliedAsync(scene, resume);

        // The new connection is in the employer's group again: the hub decided it on connecting, as it does for any connection.
        await recruiterHub.NextAsync("applicationReceived", e => (string?)e["applicationId"] == application.ToString());
        Assert.Null(recruiterHub.CloseError);
    }
}
