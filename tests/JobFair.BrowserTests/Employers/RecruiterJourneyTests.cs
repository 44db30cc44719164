using System.Net;
using JobFair.BrowserTests.Support;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Employers;

/// <summary>
/// A recruiter's whole day in the browser (issue 13): register the employer, ask to join a fair and
/// see the hosts' decision arrive, post a position, see an application arrive live, invite the
/// applicant, publish interview slots with the generator's preview. Every page is checked at both
/// sizes (axe, no sideways scrolling at 360 px, no console error).
/// </summary>
[Collection(OneBrowser.Name)]
public sealed class RecruiterJourneyTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task A_recruiter_registers_joins_a_fair_posts_sees_an_application_arrive_live_invites_and_publishes_slots(string size)
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        var fairTitle = $"2026 春季江城云双选会（{(size == Screen.Phone.Name ? "手机" : "电脑")}）";
        var fairId = await centre.CreateFairAsync(pairId, fairTitle);
        var account = await app.NewcomerAccountAsync();
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Named(size));
        var page = visitor.Page;
        await visitor.SignInAsync(account, "/employer");

        // Registering: the credit code is checked while it is typed.
        Assert.Equal("/employer", visitor.Path);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("注册用人单位");
        var check = page.GetByTestId("credit-code-check");
        var code = FairWorld.NewCreditCode();
        await page.GetByLabel("统一社会信用代码").PressSequentiallyAsync(code[..10]);
        await Assertions.Expect(check).ToHaveTextAsync("还差 8 位");
        await page.GetByLabel("统一社会信用代码").FillAsync(code[..17] + (code[17] == '0' ? '1' : '0'));
        await Assertions.Expect(check).ToHaveTextAsync("代码无效：请核对每一位");
        await page.GetByLabel("统一社会信用代码").FillAsync(code);
        await Assertions.Expect(check).ToHaveTextAsync("代码格式正确");
        await page.GetByLabel("单位名称").FillAsync("江城软件有限公司");
        await page.GetByLabel("所属行业").FillAsync("软件和信息技术服务业");
        await page.GetByLabel("所在城市").FillAsync("武汉");
        await page.GetByLabel("单位规模").FillAsync("100-499人");
        await visitor.ScreenshotAsync($"employer-register-{size}");
        await visitor.AssertPageHealthyAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "注册单位" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("江城软件有限公司");
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync($"employer-home-{size}");
        await visitor.AssertPageHealthyAsync();

        // Asking to join the fair; the hosts' approval arrives without a reload.
        await visitor.GoToAsync("/employer/fairs");
        var fairRow = page.GetByTestId("fair-row").Filter(new() { HasText = fairTitle });
        await fairRow.GetByLabel("给主办方的留言（可选）").FillAsync("我们招聘后端开发");
        await fairRow.GetByRole(AriaRole.Button, new() { Name = "申请参会" }).ClickAsync();
        await Assertions.Expect(fairRow.GetByTestId("standing")).ToHaveTextAsync("待审核");
        await visitor.SettleAsync();
        var marker = await page.EvaluateAsync<double>("() => performance.timeOrigin");
        var request = (await centre.GetJsonAsync($"/api/fairs/{fairId}/participations?status=pending")).Items().Single()!;
        await Api.Expect(await centre.PostAsync($"/api/fairs/{fairId}/participations/{(string)request["employerId"]!}/decision",
            new { approve = true }), HttpStatusCode.OK);
        await Assertions.Expect(fairRow.GetByTestId("standing")).ToHaveTextAsync("已通过", new() { Timeout = 20_000 });
        Assert.Equal(marker, await page.EvaluateAsync<double>("() => performance.timeOrigin"));
        await visitor.ScreenshotAsync($"employer-fairs-{size}");
        await visitor.AssertPageHealthyAsync();

        // Posting a position into the fair.
        await visitor.GoToAsync("/employer/positions/new");
        await page.GetByLabel("岗位名称").FillAsync("后端开发工程师");
        await page.GetByLabel("岗位描述").FillAsync("负责招聘平台的后端服务");
        await page.GetByLabel("工作城市").FillAsync("武汉");
        await page.GetByLabel("对口专业").FillAsync("计算机科学与技术，软件工程");
        await page.GetByLabel("招聘人数").FillAsync("3");
        await page.GetByLabel("月薪下限（元）").FillAsync("8000");
        await page.GetByLabel("月薪上限（元）").FillAsync("12000");
        await Assertions.Expect(page.GetByLabel(fairTitle)).ToBeCheckedAsync();
        await visitor.ScreenshotAsync($"employer-position-new-{size}");
        await visitor.AssertPageHealthyAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "发布岗位" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已保存。");
        var positionId = Guid.Parse(new Uri(page.Url).AbsolutePath.Split('/').Last());
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync($"employer-position-{size}");
        await visitor.AssertPageHealthyAsync();
        await visitor.GoToAsync("/employer/positions");
        var posted = page.Locator($"[data-position-id='{positionId}']");
        await Assertions.Expect(posted).ToContainTextAsync("8,000–12,000 元/月");
        await Assertions.Expect(posted).ToContainTextAsync("已发布到 1 场双选会");
        await visitor.ScreenshotAsync($"employer-positions-{size}");
        await visitor.AssertPageHealthyAsync();

        // An application arrives while the inbox is open.
        await visitor.GoToAsync("/employer/applications");
        await Assertions.Expect(page.Locator("[data-application-id]")).ToHaveCountAsync(0);
        marker = await page.EvaluateAsync<double>("() => performance.timeOrigin");
        var (student, _) = await app.StudentAsync(supported, centre, "李明");
        using var _student = student;
        var resumeId = await student.UploadResumeAsync("李明的简历");
        var applicationId = (string)(await Api.Expect(await student.PostAsync("/api/applications", new { positionId, fairId, resumeId }),
            HttpStatusCode.Created))["id"]!;
        var row = page.Locator("[data-application-id]");
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(row).ToContainTextAsync("李明");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "submitted");
        Assert.Equal(marker, await page.EvaluateAsync<double>("() => performance.timeOrigin"));
        await visitor.ScreenshotAsync($"employer-applications-{size}");
        await visitor.AssertPageHealthyAsync();

        // Inviting the applicant.
        await row.GetByRole(AriaRole.Link, new() { Name = "李明" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("李明");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "查看简历：李明的简历" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/resumes/"));
        await page.GetByLabel("给学生的话（可选）").FillAsync("请预约下周的视频面试");
        await page.GetByRole(AriaRole.Button, new() { Name = "发送面试邀请" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("application-status")).ToHaveAttributeAsync("data-status", "interview_invited");
        await Assertions.Expect(page.GetByTestId("application-status")).ToHaveTextAsync("面试邀请");
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync($"employer-application-{size}");
        await visitor.AssertPageHealthyAsync();

        // Publishing slots: preview first (nothing published), then publish.
        await visitor.GoToAsync($"/employer/positions/{positionId}/slots");
        await page.GetByLabel("开始时间").FillAsync("14:00");
        await page.GetByLabel("结束时间").FillAsync("16:00");
        await page.GetByLabel("每场时长（分钟）").FillAsync("30");
        await page.GetByLabel("间隔（分钟）").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "预览" }).ClickAsync();
        // 14:00, 14:40, 15:20 (16:00 would end after 16:00).
        await Assertions.Expect(page.GetByTestId("slot-preview").Locator("li")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByText("还没有面试时段。", new() { Exact = false })).ToBeVisibleAsync();
        await visitor.ScreenshotAsync($"employer-slots-preview-{size}");
        await visitor.AssertPageHealthyAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "发布这 3 个时段" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("slots-published")).ToHaveTextAsync("已发布 3 个时段。");
        await Assertions.Expect(page.GetByTestId("slot-list").Locator("li")).ToHaveCountAsync(3);
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync($"employer-slots-{size}");
        await visitor.AssertPageHealthyAsync();

        // The invited student books the first slot: it is on the recruiter's interviews page, with its room and calendar file.
        var slot = (await student.GetJsonAsync($"/api/positions/{positionId}/slots?available=true")).Items()[0]!;
        var booking = await Api.Expect(await student.PostAsync($"/api/slots/{(string)slot["id"]!}/bookings", new { applicationId }), HttpStatusCode.Created);
        await visitor.GoToAsync("/employer/interviews");
        var card = page.Locator($"[data-booking-id='{(string)booking["id"]!}']");
        await Assertions.Expect(card).ToContainTextAsync("李明");
        await Assertions.Expect(card).ToContainTextAsync("14:00–14:30");
        await Assertions.Expect(card.GetByRole(AriaRole.Link, new() { Name = "加入日历" })).ToHaveAttributeAsync("href", $"/api/bookings/{(string)booking["id"]!}/calendar.ics");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "取消面试" })).ToBeVisibleAsync();
        await visitor.ScreenshotAsync($"employer-interviews-{size}");
        await visitor.AssertPageHealthyAsync();

        // Back on the overview, the count of new applications follows a second applicant without a reload.
        await visitor.GoToAsync("/employer");
        var fresh = page.GetByTestId("new-applications");
        await Assertions.Expect(fresh).ToHaveTextAsync("0");
        marker = await page.EvaluateAsync<double>("() => performance.timeOrigin");
        var (second, _) = await app.StudentAsync(supported, centre, "赵雪");
        using (second)
            await Api.Expect(await second.PostAsync("/api/applications", new { positionId, fairId, resumeId = await second.UploadResumeAsync() }),
                HttpStatusCode.Created);
        await Assertions.Expect(fresh).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        Assert.Equal(marker, await page.EvaluateAsync<double>("() => performance.timeOrigin"));
        await visitor.AssertPageHealthyAsync();
    }

    [Fact]
    public async Task In_English_on_a_laptop_the_inbox_and_an_application_read_in_English()
    {
        var scene = await app.FairSceneAsync("Backend engineer");
        var (student, _, resumeId) = await app.ApplicantAsync(scene, "陈静");
        using var _s = student;
        var applicationId = await student.AppliedAsync(scene, resumeId);
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Desktop);
        await visitor.SignInAsync(new Account(scene.Recruiter.Email!), "/employer/applications");
        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("Applications");
        var row = visitor.Page.Locator($"[data-application-id='{applicationId}']");
        await Assertions.Expect(row).ToContainTextAsync("Submitted");
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync("employer-applications-en-desktop");
        await visitor.AssertPageHealthyAsync();

        await row.GetByRole(AriaRole.Link, new() { Name = "陈静" }).ClickAsync();
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Send interview invitation" })).ToBeVisibleAsync();
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync("employer-application-en-desktop");
        await visitor.AssertPageHealthyAsync();
    }

    public static TheoryData<string> Sizes => new(Screen.Both.Select(s => s.Name));
}
