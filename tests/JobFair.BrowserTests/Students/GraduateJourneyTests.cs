using System.Net;
using JobFair.BrowserTests.Support;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Students;

/// <summary>
/// A graduate, on a phone and on a laptop: finds a fair on the home page, opens a position, delivers a resume,
/// watches the application move as the employer acts elsewhere, and picks an interview slot while
/// another graduate takes one — every page checked for accessibility, width and console errors.
/// </summary>
[Collection(OneBrowser.Name)]
public sealed class GraduateJourneyTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task A_graduate_finds_a_fair_applies_with_a_resume_sees_the_application_move_live_and_books_an_interview_slot(string size)
    {
        // Each size with its own fair (found by its tag), employer and graduates.
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(supported);
        var fairId = await host.CreateFairAsync(pairId, $"春季联合双选会 {tag}", startHours: -1);
        var (recruiter, employerId) = await app.RecruiterAsync();
        using var _ = recruiter;
        await host.ApproveAsync(recruiter, fairId, employerId);
        var positionId = await recruiter.PostPositionAsync(FairWorld.PositionBody([fairId], "嵌入式软件开发工程师"));
        var scene = new FairScene(host, fairId, supported, supporting, recruiter, employerId, positionId);
        var (student, _, _) = await app.ApplicantAsync(scene, "王小明");
        using var __ = student;
        await student.UploadResumeAsync("第二份简历");

        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Named(size));
        await visitor.SignInAsync(new Account(student.Email!));
        Assert.Equal("/me", new Uri(visitor.Page.Url).AbsolutePath); // a student lands on their start page

        // Find the fair from the home page's search.
        await visitor.GoToAsync("/");
        await visitor.Page.GetByLabel("搜索双选会").FillAsync(tag);
        await visitor.Page.Locator("form[role=search] button[type=submit]").ClickAsync();
        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = $"春季联合双选会 {tag}" }).ClickAsync();
        await visitor.Page.WaitForURLAsync($"**/fairs/{fairId}", new() { WaitUntil = WaitUntilState.Commit });
        await visitor.SettleAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("stat-positions")).ToHaveTextAsync("1");
        await visitor.AssertPageHealthyAsync();

        // The position, and the resume delivered with the second of two resumes.
        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "嵌入式软件开发工程师" }).ClickAsync();
        await visitor.Page.WaitForURLAsync($"**/positions/{positionId}**", new() { WaitUntil = WaitUntilState.Commit });
        await visitor.SettleAsync();
        await visitor.Page.GetByLabel("第二份简历").CheckAsync();
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "投递简历" }).ClickAsync();
        await Assertions.Expect(visitor.Page.Locator(".apply [role=status]")).ToContainTextAsync("简历已投递");
        await Assertions.Expect(visitor.Page.Locator(".applied .chip")).ToHaveTextAsync("已投递");
        await visitor.ScreenshotAsync($"position-applied-{size}");
        await visitor.AssertPageHealthyAsync();
        var applications = (await student.GetJsonAsync("/api/students/me/applications")).Items();
        var application = Assert.Single(applications)!;
        var applicationId = Guid.Parse((string)application["id"]!);
        var secondResume = (await student.GetJsonAsync("/api/students/me/resumes")).Items().Single(r => (string)r!["title"]! == "第二份简历")!;
        Assert.Equal((string)secondResume["id"]!, (string)application["resumeId"]!);

        // My applications: the employer moves it elsewhere, the row follows without a reload.
        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "查看我的投递" }).ClickAsync();
        await visitor.Page.WaitForURLAsync("**/me/applications", new() { WaitUntil = WaitUntilState.Commit });
        await visitor.SettleAsync();
        var row = visitor.Page.Locator($"tr[data-application-id='{applicationId}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "submitted");
        var document = await visitor.Page.EvaluateAsync<double>("() => performance.timeOrigin");
        await Api.Expect(await recruiter.SetStatusAsync(applicationId, "shortlisted"), HttpStatusCode.OK);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "shortlisted");
        await recruiter.InviteAsync(applicationId);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "interview_invited");
        await Assertions.Expect(row.Locator(".chip")).ToHaveTextAsync("面试邀请");
        Assert.Equal(document, await visitor.Page.EvaluateAsync<double>("() => performance.timeOrigin"));
        await visitor.ScreenshotAsync($"my-applications-{size}");
        await visitor.AssertPageHealthyAsync();

        // Interviews: three slots; another invited graduate takes the first, it leaves the picker at once.
        var slots = await recruiter.PublishSlotsAsync(positionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(30), 3));
        var other = await app.InviteeAsync(scene, "李四");
        using var ___ = other.Student;
        await visitor.GoToAsync("/me/interviews");
        var picker = visitor.Page.Locator($"#application-{applicationId} button[data-slot-id]");
        await Assertions.Expect(picker).ToHaveCountAsync(3);
        await visitor.ScreenshotAsync($"my-interviews-picker-{size}");
        document = await visitor.Page.EvaluateAsync<double>("() => performance.timeOrigin");
        await other.BookedAsync(slots[0]);
        await Assertions.Expect(visitor.Page.Locator($"button[data-slot-id='{slots[0]}']")).ToHaveCountAsync(0);
        await Assertions.Expect(picker).ToHaveCountAsync(2);
        Assert.Equal(document, await visitor.Page.EvaluateAsync<double>("() => performance.timeOrigin"));

        await visitor.Page.Locator($"button[data-slot-id='{slots[1]}']").ClickAsync();
        var booking = visitor.Page.Locator(".booking");
        await Assertions.Expect(booking).ToHaveCountAsync(1);
        await Assertions.Expect(booking.Locator(".chip")).ToHaveTextAsync("已预约");
        await Assertions.Expect(booking.Locator("a[href$='.ics']")).ToHaveCountAsync(1);
        await Assertions.Expect(visitor.Page.Locator($"#application-{applicationId}")).ToHaveCountAsync(0);
        var mine = (await student.GetJsonAsync("/api/students/me/bookings")).Items();
        Assert.Equal(slots[1].ToString(), (string)Assert.Single(mine)!["slotId"]!);
        await visitor.ScreenshotAsync($"my-interviews-booked-{size}");
        await visitor.AssertPageHealthyAsync();
    }

    [Fact]
    public async Task A_newcomer_claims_the_roster_row_uploads_a_resume_and_sees_notifications_arrive_and_who_read_it()
    {
        var scene = await app.FairSceneAsync("后端开发工程师", startHours: -1);
        var no = StudentWorld.NewStudentNo();
        var codes = await scene.Host.ImportRosterCodesAsync(scene.SupportedId, $"{StudentWorld.RosterHeader}\n{no},陈静,软件工程,bachelor,2020\n");
        using var api = await app.RegisterAsync(Callers.NewEmail("newcomer"));

        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        await visitor.SignInAsync(new Account(api.Email!));
        await visitor.GoToAsync("/me");
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("认证毕业生身份");
        await visitor.ScreenshotAsync("me-claim-phone");
        await visitor.AssertPageHealthyAsync();

        await visitor.Page.GetByLabel("学校", new() { Exact = true }).SelectOptionAsync(scene.SupportedId.ToString());
        await visitor.Page.GetByLabel("学号").FillAsync(no);
        await visitor.Page.GetByLabel("姓名", new() { Exact = true }).FillAsync("陈静");
        await visitor.Page.GetByLabel("激活码").FillAsync(codes[no]);
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "认证身份" }).ClickAsync();
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("陈静，你好");

        // A PDF through the upload form; it is listed at once.
        await visitor.Page.GetByLabel("简历名称").FillAsync("软件开发方向");
        await visitor.Page.GetByLabel("PDF 文件").SetInputFilesAsync(new FilePayload { Name = "resume.pdf", MimeType = "application/pdf", Buffer = Pdfs.Make("Chen Jing") });
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "上传简历" }).ClickAsync();
        await Assertions.Expect(visitor.Page.Locator(".resume-row__title")).ToHaveTextAsync("软件开发方向");
        var resumeId = Guid.Parse((string)(await (await api.SignInAsync()).GetJsonAsync("/api/students/me/resumes")).Items().Single()!["id"]!);

        // Elsewhere: the graduate's application is read and shortlisted; the notification arrives without a reload.
        var applicationId = await api.AppliedAsync(scene, resumeId);
        using (var file = await scene.Recruiter.Http.GetAsync(new Uri($"/api/resumes/{resumeId}/file", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var document = await visitor.Page.EvaluateAsync<double>("() => performance.timeOrigin");
        await Api.Expect(await scene.Recruiter.SetStatusAsync(applicationId, "shortlisted"), HttpStatusCode.OK);
        await Assertions.Expect(visitor.Page.Locator("#notification-list .notification")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(visitor.Page.GetByTestId("unread-badge")).ToBeVisibleAsync();
        Assert.Equal(document, await visitor.Page.EvaluateAsync<double>("() => performance.timeOrigin"));

        // Who read which resume, as of the page's load.
        await visitor.GoToAsync("/me");
        await Assertions.Expect(visitor.Page.Locator("#resumes table tbody tr").First).ToContainTextAsync("软件开发方向");
        await visitor.ScreenshotAsync("me-student-phone");
        await visitor.AssertPageHealthyAsync();
    }

    public static TheoryData<string> Sizes => new(Screen.Both.Select(s => s.Name));
}
