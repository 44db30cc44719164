using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using JobFair.Server.Features.Guidance.Reminders;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JobFair.Tests.Guidance;

/// <summary>
/// No resume left unread: employers are reminded of applications left submitted for 3 days (once),
/// host centres see those left for 7 days as overdue and every employer's responsiveness. Time is
/// moved with the app's clock.
/// </summary>
public sealed class UnreadResumeTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task An_application_left_unread_for_three_days_reminds_every_recruiter_of_its_employer_once()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(10);
        var colleague = await ColleagueAsync(scene.Recruiter);
        var position = await scene.PostAsync("审计助理", "审计学");
        var unread = await ApplyAsync(scene, position, "林一");
        var read = await ApplyAsync(scene, position, "黄二");
        await Api.Expect(await scene.Recruiter.SetStatusAsync(read, "viewed"), HttpStatusCode.OK);

        app.Clock!.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(30));
        await RemindAsync(app);
        Assert.Equal(0, await RemindersAsync(await scene.Recruiter.AgainAsync()));

        app.Clock!.Advance(TimeSpan.FromHours(1));
        await RemindAsync(app);
        await RemindAsync(app);

        foreach (var recruiter in new[] { await scene.Recruiter.AgainAsync(), await colleague.AgainAsync() })
        {
            var reminder = Assert.Single((await recruiter.GetJsonAsync("/api/me/notifications?pageSize=100")).Items(),
                n => (string?)n!["kind"] == "applications_unread")!;
            Assert.Contains("有 1 份简历投递超过 3 天仍未处理", (string)reminder["body"]!, StringComparison.Ordinal);
            Assert.Contains("审计助理", (string)reminder["body"]!, StringComparison.Ordinal);
        }
        Assert.Equal([unread], await app.WithDb(db => db.ApplicationReminders.Where(r => r.ApplicationId == unread || r.ApplicationId == read)
            .Select(r => r.ApplicationId).ToListAsync()));
    }

    [Fact]
    public async Task Two_nodes_reminding_at_the_same_moment_remind_of_each_application_once()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(13);
        var colleague = await ColleagueAsync(scene.Recruiter);
        var first = await scene.PostAsync("税务专员", "会计学");
        var second = await scene.PostAsync("成本会计", "会计学");
        var unread = new List<Guid>();
        foreach (var (position, name) in new[] { (first, "吴一"), (first, "郑二"), (second, "王三") })
            unread.Add(await ApplyAsync(scene, position, name));
        await using var node = new ClockedNode(app.ConnectionString, app.Clock!);
        await node.InitializeAsync();

        // Both nodes' own timers fire on this move as well: four reminder runs at once, and two more later.
        app.Clock!.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(1));
        await Task.WhenAll(RemindAsync(app), RemindAsync(node), RemindAsync(app), RemindAsync(node));
        await Task.WhenAll(RemindAsync(app), RemindAsync(node));

        foreach (var recruiter in new[] { await scene.Recruiter.AgainAsync(), await colleague.AgainAsync() })
        {
            var reminder = Assert.Single((await recruiter.GetJsonAsync("/api/me/notifications?pageSize=100")).Items(),
                n => (string?)n!["kind"] == "applications_unread")!;
            Assert.Contains("有 3 份简历投递超过 3 天仍未处理", (string)reminder["body"]!, StringComparison.Ordinal);
        }
        Assert.Equal(unread.Order(), await app.WithDb(db => db.ApplicationReminders.Where(r => unread.Contains(r.ApplicationId))
            .Select(r => r.ApplicationId).OrderBy(id => id).ToListAsync()));
    }

    [Fact]
    public async Task A_student_sees_when_the_employer_first_read_their_resume()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(14);
        var position = await scene.PostAsync("出纳", "会计学");
        var (student, _) = await app.StudentAsync(scene.SupportedId, scene.Host, "冯七", "会计学");
        var resume = await student.UploadResumeAsync();
        var application = Guid.Parse((string)(await Api.Expect(await student.PostAsync("/api/applications",
            new { positionId = position, fairId = scene.FairId, resumeId = resume }), HttpStatusCode.Created))["id"]!);

        // Read by their own centre only: not yet by the employer.
        Assert.Equal(HttpStatusCode.OK, (await scene.Host.GetAsync($"/api/resumes/{resume}/file")).StatusCode);
        Assert.Null(await ReadAtAsync(student, application));

        app.Clock!.Advance(TimeSpan.FromHours(5));
        var firstRead = app.Now();
        Assert.Equal(HttpStatusCode.OK, (await (await scene.Recruiter.AgainAsync()).GetAsync($"/api/resumes/{resume}/file")).StatusCode);
        app.Clock!.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await (await scene.Recruiter.AgainAsync()).GetAsync($"/api/resumes/{resume}/file")).StatusCode);

        Assert.Equal(firstRead, (await ReadAtAsync(await student.AgainAsync(), application))!.Value, TimeSpan.FromMilliseconds(1));
        // The employer's list says the same, so it sees what it has read.
        var listed = (await (await scene.Recruiter.AgainAsync()).GetJsonAsync("/api/employers/me/applications")).Items()
            .Single(a => Guid.Parse((string)a!["id"]!) == application)!;
        Assert.Equal(firstRead, DateTimeOffset.Parse((string)listed["resumeReadAt"]!, CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(1));
    }

    private static async Task<DateTimeOffset?> ReadAtAsync(Api student, Guid application)
    {
        var item = (await student.GetJsonAsync("/api/students/me/applications")).Items().Single(a => Guid.Parse((string)a!["id"]!) == application)!;
        return item["resumeReadAt"] is { } at ? DateTimeOffset.Parse((string)at!, CultureInfo.InvariantCulture) : null;
    }

    [Fact]
    public async Task After_seven_days_the_host_centres_see_the_unread_applications_as_overdue_and_others_do_not()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(11);
        var position = await scene.PostAsync("会计", "会计学");
        var old = await ApplyAsync(scene, position, "何三");
        await ApplyAsync(scene, position, "罗四");
        await Api.Expect(await scene.Recruiter.SetStatusAsync(await ApplyAsync(scene, position, "高五"), "rejected"), HttpStatusCode.OK);
        app.Clock!.Advance(TimeSpan.FromDays(6));
        var recent = await ApplyAsync(scene, position, "梁六");
        app.Clock!.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));

        using var partner = await app.CentreAsync(scene.SupportingId);
        foreach (var centre in new[] { await scene.Host.AgainAsync(), partner })
        {
            var overdue = await centre.GetJsonAsync($"/api/fairs/{scene.FairId}/overdue-applications");
            Assert.Equal(2, (int)overdue["total"]!);
            var oldest = overdue.Items()[0]!;
            Assert.Equal(old, Guid.Parse((string)oldest["applicationId"]!));
            Assert.Equal(7, (int)oldest["daysWaiting"]!);
            Assert.Equal(scene.EmployerId, Guid.Parse((string)oldest["employer"]!["id"]!));
            Assert.Equal("会计", (string?)oldest["positionTitle"]);
            Assert.DoesNotContain(overdue.Items(), i => Guid.Parse((string)i!["applicationId"]!) == recent);
            Assert.DoesNotContain("何三", overdue.ToJsonString(), StringComparison.Ordinal); // students by university only
        }
        var (_, elsewhere, _) = await app.PairAsync(40);
        using var stranger = await app.CentreAsync(elsewhere);
        await Api.ExpectProblem(await stranger.GetAsync($"/api/fairs/{scene.FairId}/overdue-applications"), HttpStatusCode.Forbidden, "not_host");
        await Api.ExpectProblem(await (await scene.Recruiter.AgainAsync()).GetAsync($"/api/fairs/{scene.FairId}/overdue-applications"),
            HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await partner.GetAsync($"/api/fairs/{Guid.NewGuid()}/overdue-applications"), HttpStatusCode.NotFound);
        using var anonymous = app.Anonymous();
        await Api.ExpectProblem(await anonymous.GetAsync($"/api/fairs/{scene.FairId}/responsiveness"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Each_employers_response_rate_and_median_time_to_first_response_are_counted_from_its_first_steps()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(12);
        var (quick, quickId) = await app.RecruiterAsync("快回复科技有限公司");
        await scene.Host.ApproveAsync(quick, scene.FairId, quickId);
        var slow = await scene.PostAsync("财务分析助理", "财务管理");
        var fast = await quick.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "出纳", majors: ["财务管理"]));
        var students = new List<(Api Student, Guid Resume)>();
        foreach (var name in new[] { "甲", "乙", "丙", "丁", "戊" })
        {
            var (student, _) = await app.StudentAsync(scene.SupportedId, scene.Host, "学生" + name, "财务管理");
            students.Add((student, await student.UploadResumeAsync()));
        }
        var toSlow = new List<Guid>();
        foreach (var (student, resume) in students) toSlow.Add(await AppliedAsync(student, scene.FairId, slow, resume));
        var toFast = new List<Guid>();
        foreach (var (student, resume) in students.Take(2)) toFast.Add(await AppliedAsync(student, scene.FairId, fast, resume));

        // The slow employer answers after 2, 4 and 10 hours and leaves one unread; a student withdraws before it does anything.
        // The quick one answers after 1 and 3 hours.
        await AtAsync(TimeSpan.FromMinutes(30), students[4].Student, toSlow[4], "withdrawn");
        await AtAsync(TimeSpan.FromHours(1), quick, toFast[0], "viewed");
        await AtAsync(TimeSpan.FromHours(2), scene.Recruiter, toSlow[0], "viewed");
        await AtAsync(TimeSpan.FromHours(3), quick, toFast[1], "shortlisted");
        await AtAsync(TimeSpan.FromHours(4), scene.Recruiter, toSlow[1], "rejected");
        await AtAsync(TimeSpan.FromHours(10), scene.Recruiter, toSlow[2], "viewed");
        await AtAsync(TimeSpan.FromHours(11), scene.Recruiter, toSlow[2], "shortlisted"); // not a first step: changes nothing
        app.Clock!.Advance(TimeSpan.FromDays(8));

        var figures = await (await scene.Host.AgainAsync()).GetJsonAsync($"/api/fairs/{scene.FairId}/responsiveness");
        var rows = figures.Items();
        Assert.Equal(2, (int)figures["total"]!);
        Assert.Equal([scene.EmployerId, quickId], rows.Select(r => Guid.Parse((string)r!["employer"]!["id"]!)));
        AssertFigures(rows[0]!, applications: 4, responded: 3, rate: 0.75, medianHours: 4, awaiting: 1, overdue: 1);
        AssertFigures(rows[1]!, applications: 2, responded: 2, rate: 1, medianHours: 2, awaiting: 0, overdue: 0);
        AssertFigures(figures["fair"]!, applications: 6, responded: 5, rate: 5 / 6.0, medianHours: 3, awaiting: 1, overdue: 1);

        // An approved employer without applications has no rate yet, and comes last.
        var (idle, idleId) = await app.RecruiterAsync("暂无投递有限公司");
        await (await scene.Host.AgainAsync()).ApproveAsync(idle, scene.FairId, idleId);
        var withIdle = await scene.Host.GetJsonAsync($"/api/fairs/{scene.FairId}/responsiveness?pageSize=2&page=2");
        Assert.Equal(3, (int)withIdle["total"]!);
        var last = Assert.Single(withIdle.Items())!;
        Assert.Equal(idleId, Guid.Parse((string)last["employer"]!["id"]!));
        Assert.Null(last["responseRate"]);
        Assert.Null(last["medianFirstResponseHours"]);
    }

    private static void AssertFigures(JsonNode row, int applications, int responded, double rate, double medianHours, int awaiting, int overdue)
    {
        Assert.Equal(applications, (int)row["applications"]!);
        Assert.Equal(responded, (int)row["responded"]!);
        Assert.Equal(rate, (double)row["responseRate"]!, 6);
        Assert.Equal(medianHours, (double)row["medianFirstResponseHours"]!, 6);
        Assert.Equal(awaiting, (int)row["awaiting"]!);
        Assert.Equal(overdue, (int)row["overdue"]!);
    }

    private DateTimeOffset _start;

    /// <summary>Moves the clock to that long after the first delivery of the test and takes the step there.</summary>
    private async Task AtAsync(TimeSpan after, Api caller, Guid application, string status)
    {
        app.Clock!.Advance(_start + after - app.Now());
        await Api.Expect(await (await caller.AgainAsync()).SetStatusAsync(application, status), HttpStatusCode.OK);
    }

    private async Task<Guid> AppliedAsync(Api student, Guid fairId, Guid position, Guid resume)
    {
        var created = await Api.Expect(await student.PostAsync("/api/applications", new { positionId = position, fairId, resumeId = resume }),
            HttpStatusCode.Created);
        if (_start == default) _start = DateTimeOffset.Parse((string)created["createdAt"]!, CultureInfo.InvariantCulture);
        return Guid.Parse((string)created["id"]!);
    }

    private async Task<Guid> ApplyAsync(GuidanceScene scene, Guid position, string name)
    {
        var (student, _) = await app.StudentAsync(scene.SupportedId, await scene.Host.AgainAsync(), name, "会计学");
        var resume = await student.UploadResumeAsync();
        return Guid.Parse((string)(await Api.Expect(await student.PostAsync("/api/applications",
            new { positionId = position, fairId = scene.FairId, resumeId = resume }), HttpStatusCode.Created))["id"]!);
    }

    private async Task<Api> ColleagueAsync(Api recruiter)
    {
        var email = Callers.NewEmail("colleague");
        var code = (string)(await Api.Expect(await recruiter.PostAsync("/api/employers/me/invitations", new { email }), HttpStatusCode.Created))["code"]!;
        var colleague = await app.RegisterAsync(email);
        await Api.Expect(await colleague.PostAsync($"/api/employers/invitations/{code}/accept", null), HttpStatusCode.OK);
        await colleague.RefreshAsync();
        return colleague;
    }

    internal static async Task RemindAsync(JobFairApp node)
    {
        await node.Services.GetRequiredService<UnreadReminder>().RemindAsync(CancellationToken.None);
        await node.AllEventsDeliveredAsync();
    }

    internal static async Task<int> RemindersAsync(Api recruiter) =>
        (await recruiter.GetJsonAsync("/api/me/notifications?pageSize=100")).Items().Count(n => (string?)n!["kind"] == "applications_unread");
}
