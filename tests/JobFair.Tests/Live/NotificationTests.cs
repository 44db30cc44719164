using System.Net;
using System.Text.RegularExpressions;
using JobFair.Tests.Support;

namespace JobFair.Tests.Live;

/// <summary>What reached a user live is stored, so that someone offline sees it later.</summary>
public sealed partial class NotificationTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task A_students_notifications_are_listed_newest_first_filtered_by_unread_and_marked_read()
    {
        var scene = await app.FairSceneAsync();
        // A major the scene's position does not ask for: no position is pushed to this graduate, so the
        // list holds exactly what happened to the application.
        var (student, _, resume) = await app.ApplicantAsync(scene, major: "汉语言文学");
        var application = await student.AppliedAsync(scene, resume);
        await Api.Expect(await scene.Recruiter.SetStatusAsync(application, "viewed"), HttpStatusCode.OK);
        await Api.Expect(await scene.Recruiter.SetStatusAsync(application, "shortlisted"), HttpStatusCode.OK);
        await Api.Expect(await student.SetStatusAsync(application, "withdrawn"), HttpStatusCode.OK); // their own move: no notification

        await app.AllEventsDeliveredAsync();
        var all = await student.GetJsonAsync("/api/me/notifications");
        Assert.Equal(2, (int)all["total"]!);
        var items = all.Items();
        Assert.All(items, n => Assert.Equal("application_status", (string?)n!["kind"]));
        Assert.Contains("初选", (string?)items[0]!["body"], StringComparison.Ordinal); // newest first: shortlisted, then viewed
        Assert.Contains("查看", (string?)items[1]!["body"], StringComparison.Ordinal);
        Assert.All(items, n => Assert.Matches(Cjk(), (string?)n!["title"]));
        Assert.All(items, n => Assert.Equal($"/applications/{application}", (string?)n!["link"]));
        Assert.All(items, n => Assert.Null((string?)n!["readAt"]));

        var first = (string)items[1]!["id"]!;
        var read = await Api.Expect(await student.PostAsync($"/api/me/notifications/{first}/read", null), HttpStatusCode.OK);
        var readAt = (string?)read["readAt"];
        Assert.NotNull(readAt);
        var again = await Api.Expect(await student.PostAsync($"/api/me/notifications/{first}/read", null), HttpStatusCode.OK);
        Assert.Equal(readAt, (string?)again["readAt"]);

        var unread = await student.GetJsonAsync("/api/me/notifications?unread=true");
        Assert.Equal(1, (int)unread["total"]!);
        Assert.NotEqual(first, (string?)unread.Items()[0]!["id"]);
        Assert.Equal(1, (int)(await student.GetJsonAsync("/api/me/notifications?unread=false"))["total"]!);

        var marked = await Api.Expect(await student.PostAsync("/api/me/notifications/read-all", null), HttpStatusCode.OK);
        Assert.Equal(1, (int)marked["marked"]!);
        Assert.Equal(0, (int)(await student.GetJsonAsync("/api/me/notifications?unread=true"))["total"]!);
    }

    [Fact]
    public async Task Recruiters_centres_and_students_are_notified_of_what_concerns_them_and_nobody_else_sees_it()
    {
        var scene = await app.FairSceneAsync();
        using var otherHost = await app.CentreAsync(scene.SupportingId);
        var (student, _, resume) = await app.ApplicantAsync(scene, "赵六");
        var application = await student.AppliedAsync(scene, resume);
        await Api.Expect(await scene.Recruiter.PostAsync($"/api/applications/{application}/invite", new { message = "请准时参加" }), HttpStatusCode.OK);
        var (newcomer, newcomerEmployer) = await app.RecruiterAsync();
        await Api.Expect(await newcomer.PostAsync($"/api/fairs/{scene.FairId}/participations", new { message = "请审核" }), HttpStatusCode.Created);
        await Api.Expect(await scene.Host.PostAsync($"/api/fairs/{scene.FairId}/participations/{newcomerEmployer}/decision",
            new { approve = false, reason = "行业不符" }), HttpStatusCode.OK);
        // Of another major than the position asks for, so that no push by major reaches them either.
        var (classmate, _) = await app.StudentAsync(scene.SupportedId, scene.Host, major: "汉语言文学");

        await app.AllEventsDeliveredAsync();
        Assert.Contains("application_received", await KindsAsync(scene.Recruiter));
        Assert.Contains("interview_invited", await KindsAsync(student));
        Assert.Contains("请准时参加", (string?)(await student.GetJsonAsync("/api/me/notifications")).Items()
            .Single(n => (string?)n!["kind"] == "interview_invited")!["body"], StringComparison.Ordinal);
        foreach (var host in new[] { scene.Host, otherHost })
            Assert.Contains("participation_requested", await KindsAsync(host));
        var rejection = (await newcomer.GetJsonAsync("/api/me/notifications")).Items().Single(n => (string?)n!["kind"] == "participation_decided")!;
        Assert.Contains("行业不符", (string?)rejection["body"], StringComparison.Ordinal);
        Assert.Empty(await KindsAsync(classmate));

        // Someone else's notification does not exist for the caller.
        var recruiterNotification = (string)(await scene.Recruiter.GetJsonAsync("/api/me/notifications")).Items()[0]!["id"]!;
        await Api.ExpectProblem(await student.PostAsync($"/api/me/notifications/{recruiterNotification}/read", null), HttpStatusCode.NotFound, "not_found");
        await Api.ExpectProblem(await app.Anonymous().GetAsync("/api/me/notifications"), HttpStatusCode.Unauthorized);
        await Api.ExpectProblem(await student.GetAsync("/api/me/notifications?pageSize=101"), HttpStatusCode.BadRequest);
    }

    private static async Task<List<string?>> KindsAsync(Api caller) =>
        (await caller.GetJsonAsync("/api/me/notifications?pageSize=100")).Items().Select(n => (string?)n!["kind"]).ToList();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();
}
