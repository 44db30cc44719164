using System.Net;
using System.Text.Json.Nodes;
using JobFair.Tests.Support;

namespace JobFair.Tests.Live;

/// <summary>
/// Each live event of the contract reaches exactly its audience over real WebSockets. "Did not
/// receive" is proved without sleeping: once every outbox event is delivered (the consumers have
/// sent everything), a round trip on the bystander's connection flushes anything sent to it.
/// </summary>
public sealed class LiveEventTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task A_delivered_resume_reaches_its_employer_only_and_without_the_phone()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene, "李四");
        var (otherRecruiter, _) = await app.RecruiterAsync();
        await using var recruiterHub = await app.HubAsync(scene.Recruiter);
        await using var otherRecruiterHub = await app.HubAsync(otherRecruiter);
        await using var studentHub = await app.HubAsync(student);
        await using var centreHub = await app.HubAsync(scene.Host);
        await using var anonymous = await app.HubAsync();
        await anonymous.InvokeOkAsync("WatchFair", scene.FairId);

        var application = await student.AppliedAsync(scene, resume);

        var received = await recruiterHub.NextAsync("applicationReceived", e => Is(e["applicationId"], application));
        Assert.Equal(scene.PositionId.ToString(), (string?)received["positionId"]);
        Assert.Equal(scene.FairId.ToString(), (string?)received["fairId"]);
        Assert.Equal("李四", (string?)received["student"]!["name"]);
        Assert.Equal("武汉东湖学院", (string?)received["student"]!["university"]);
        Assert.Equal("计算机科学与技术", (string?)received["student"]!["major"]);
        Assert.DoesNotContain("13800138000", received.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("phone", received.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        var notification = await recruiterHub.NextAsync("notification", e => (string?)e["kind"] == "application_received");
        Assert.Contains("李四", (string?)notification["body"], StringComparison.Ordinal);

        await app.AllEventsDeliveredAsync();
        foreach (var bystander in new[] { otherRecruiterHub, studentHub, centreHub, anonymous })
        {
            Assert.True(await bystander.NothingArrivedAsync("applicationReceived"));
            Assert.True(await bystander.NothingArrivedAsync("notification", e => (string?)e["kind"] == "application_received"));
        }
    }

    [Fact]
    public async Task Status_changes_and_invitations_reach_the_student_only()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene);
        var (classmate, _, classmateResume) = await app.ApplicantAsync(scene, "王五");
        var application = await student.AppliedAsync(scene, resume);
        await classmate.AppliedAsync(scene, classmateResume);
        var employerName = await EmployerNameAsync(scene);
        await using var studentHub = await app.HubAsync(student);
        await using var classmateHub = await app.HubAsync(classmate);
        await using var recruiterHub = await app.HubAsync(scene.Recruiter);
        await using var anonymous = await app.HubAsync();
        await anonymous.InvokeOkAsync("WatchFair", scene.FairId);

        await Api.Expect(await scene.Recruiter.SetStatusAsync(application, "viewed"), HttpStatusCode.OK);
        var viewed = await studentHub.NextAsync("applicationChanged", e => (string?)e["status"] == "viewed");
        Assert.True(Is(viewed["applicationId"], application));
        Assert.Equal(scene.PositionId.ToString(), (string?)viewed["positionId"]);

        await Api.Expect(await scene.Recruiter.PostAsync($"/api/applications/{application}/invite", new { message = "周三下午视频面试" }), HttpStatusCode.OK);
        var invited = await studentHub.NextAsync("interviewInvited", e => Is(e["applicationId"], application));
        Assert.Equal(scene.PositionId.ToString(), (string?)invited["positionId"]);
        Assert.Equal(employerName, (string?)invited["employer"]!["name"]);
        await studentHub.NextAsync("applicationChanged", e => (string?)e["status"] == "interview_invited");
        var invitation = await studentHub.NextAsync("notification", e => (string?)e["kind"] == "interview_invited");
        Assert.Contains("周三下午视频面试", (string?)invitation["body"], StringComparison.Ordinal);

        await app.AllEventsDeliveredAsync();
        foreach (var bystander in new[] { classmateHub, recruiterHub, anonymous })
        {
            Assert.True(await bystander.NothingArrivedAsync("applicationChanged"));
            Assert.True(await bystander.NothingArrivedAsync("interviewInvited"));
        }
        // None of the student's news; the classmate may meanwhile be pushed positions for their major (position_recommended).
        Assert.True(await classmateHub.NothingArrivedAsync("notification", e => (string?)e["kind"] is "interview_invited" or "application_status"));
    }

    [Fact]
    public async Task Participation_requests_reach_both_host_centres_and_decisions_reach_the_employer()
    {
        var scene = await app.FairSceneAsync();
        using var otherHost = await app.CentreAsync(scene.SupportingId);
        using var unrelatedCentre = await app.CentreAsync(await app.UniversityIdAsync("北京大学"));
        var (recruiter, employerId) = await app.RecruiterAsync("云端招聘有限公司");
        await using var hostHub = await app.HubAsync(scene.Host);
        await using var otherHostHub = await app.HubAsync(otherHost);
        await using var unrelatedHub = await app.HubAsync(unrelatedCentre);
        await using var recruiterHub = await app.HubAsync(recruiter);
        await using var sceneRecruiterHub = await app.HubAsync(scene.Recruiter);
        await using var anonymous = await app.HubAsync();
        await anonymous.InvokeOkAsync("WatchFair", scene.FairId);

        await Api.Expect(await recruiter.PostAsync($"/api/fairs/{scene.FairId}/participations", new { message = "请审核" }), HttpStatusCode.Created);

        foreach (var host in new[] { hostHub, otherHostHub })
        {
            var requested = await host.NextAsync("participationRequested", e => Is(e["employerId"], employerId));
            Assert.Equal(scene.FairId.ToString(), (string?)requested["fairId"]);
            Assert.Equal("云端招聘有限公司", (string?)requested["employerName"]);
            await host.NextAsync("notification", e => (string?)e["kind"] == "participation_requested");
        }

        await Api.Expect(await otherHost.PostAsync($"/api/fairs/{scene.FairId}/participations/{employerId}/decision", new { approve = true }), HttpStatusCode.OK);
        var decided = await recruiterHub.NextAsync("participationDecided");
        Assert.Equal(scene.FairId.ToString(), (string?)decided["fairId"]);
        Assert.Equal("approved", (string?)decided["status"]);
        await recruiterHub.NextAsync("notification", e => (string?)e["kind"] == "participation_decided");

        await app.AllEventsDeliveredAsync();
        foreach (var bystander in new[] { unrelatedHub, recruiterHub, sceneRecruiterHub, anonymous })
            Assert.True(await bystander.NothingArrivedAsync("participationRequested", e => Is(e["employerId"], employerId)));
        foreach (var bystander in new[] { hostHub, otherHostHub, unrelatedHub, sceneRecruiterHub, anonymous })
            Assert.True(await bystander.NothingArrivedAsync("participationDecided", e => Is(e["fairId"], scene.FairId)));
        Assert.True(await unrelatedHub.NothingArrivedAsync("notification"));
    }

    private static bool Is(JsonNode? node, Guid id) => (string?)node == id.ToString();

    private static async Task<string> EmployerNameAsync(FairScene scene) =>
        (string)(await scene.Recruiter.GetJsonAsync($"/api/employers/{scene.EmployerId}"))["name"]!;
}
