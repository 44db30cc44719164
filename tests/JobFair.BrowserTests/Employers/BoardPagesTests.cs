using System.Net;
using JobFair.BrowserTests.Support;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Employers;

/// <summary>
/// The recruiter's board per position in the browser (issue 13): an application arrives live while
/// the board is open (no reload, the reader's view does not jump, ticks stay), a bulk move with one
/// refused item reports it, a card moves one step with its note. Checked at both sizes.
/// </summary>
[Collection(OneBrowser.Name)]
public sealed class BoardPagesTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Fact]
    public async Task On_a_phone_an_application_arrives_live_on_the_board_and_a_bulk_move_reports_the_one_refused()
    {
        var scene = await app.FairSceneAsync("后端开发工程师");
        var (first, _, firstResume) = await app.ApplicantAsync(scene, "张三");
        var (second, _, secondResume) = await app.ApplicantAsync(scene, "李四");
        using var _1 = first;
        using var _2 = second;
        var zhang = await first.AppliedAsync(scene, firstResume);
        var li = await second.AppliedAsync(scene, secondResume);
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        var page = visitor.Page;
        await visitor.SignInAsync(new Account(scene.Recruiter.Email!), "/employer/positions");
        await page.Locator($"[data-position-id='{scene.PositionId}']").GetByRole(AriaRole.Link, new() { Name = "简历看板" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("后端开发工程师：简历看板");
        await visitor.SettleAsync();
        var submitted = page.Locator("[data-column=submitted]");
        await Assertions.Expect(page.GetByTestId("count-submitted")).ToHaveTextAsync("2");
        await Assertions.Expect(submitted.Locator($"[data-application-id='{zhang}']")
            .GetByRole(AriaRole.Link, new() { Name = "张三的简历（PDF）" })).ToHaveAttributeAsync("href", $"/resumes/{firstResume}");

        // Ticked before the arrival, and the reader looking further down the board.
        await page.GetByLabel("选择张三").CheckAsync();
        await page.GetByLabel("选择李四").CheckAsync();
        var shortlisted = page.Locator("#col-shortlisted-title");
        await shortlisted.EvaluateAsync("e => e.scrollIntoView({ block: 'start' })");
        Assert.True(await page.EvaluateAsync<double>("() => window.scrollY") > 0);
        var topBefore = await shortlisted.EvaluateAsync<double>("e => e.getBoundingClientRect().top");
        var marker = await page.EvaluateAsync<double>("() => performance.timeOrigin");
        var (third, _, thirdResume) = await app.ApplicantAsync(scene, "王五");
        using var _3 = third;
        var wang = await third.AppliedAsync(scene, thirdResume);

        await Assertions.Expect(submitted.Locator($"[data-application-id='{wang}']")).ToContainTextAsync("王五");
        await Assertions.Expect(page.GetByTestId("count-submitted")).ToHaveTextAsync("3");
        Assert.Equal(marker, await page.EvaluateAsync<double>("() => performance.timeOrigin"));
        Assert.InRange(await shortlisted.EvaluateAsync<double>("e => e.getBoundingClientRect().top"), topBefore - 2, topBefore + 2);
        await Assertions.Expect(page.GetByLabel("选择张三")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("选择李四")).ToBeCheckedAsync();

        // 李四 withdraws meanwhile: the bulk move shortlists 张三 and names 李四 with the reason.
        await Api.Expect(await second.SetStatusAsync(li, "withdrawn"), HttpStatusCode.OK);
        await page.GetByLabel("改为").SelectOptionAsync(new SelectOptionValue { Label = "初筛通过" });
        await page.Locator(".board__bulk").GetByLabel("备注（可选）").FillAsync("简历符合要求");
        await page.GetByRole(AriaRole.Button, new() { Name = "处理所选简历" }).ClickAsync();
        var report = page.GetByTestId("bulk-report");
        await Assertions.Expect(report.Locator("h2")).ToHaveTextAsync("已处理 1 份，1 份未能处理");
        await Assertions.Expect(page.GetByTestId("bulk-refused").Locator("li")).ToHaveTextAsync("李四：当前状态下不能进行这项操作，请刷新页面查看最新状态。");
        await Assertions.Expect(page.Locator($"[data-column=shortlisted] [data-application-id='{zhang}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"[data-column=withdrawn] [data-application-id='{li}']")).ToHaveCountAsync(1);
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync("employer-board-bulk-phone");
        await visitor.AssertPageHealthyAsync();

        // One step for 王五's card, with a note: invited.
        var card = page.Locator($"[data-column=submitted] [data-application-id='{wang}']");
        await card.Locator("summary").ClickAsync();
        await card.GetByLabel("备注（可选）").FillAsync("请预约周四下午的面试");
        await card.GetByRole(AriaRole.Button, new() { Name = "邀请面试" }).ClickAsync();
        await Assertions.Expect(page.Locator($"[data-column=interview_invited] [data-application-id='{wang}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已更新。" })).ToBeVisibleAsync();
        var history = await scene.Recruiter.GetJsonAsync($"/api/employers/me/applications/{wang}");
        Assert.Equal("请预约周四下午的面试", (string?)history["history"]!.AsArray().Single()!["note"]);
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync("employer-board-phone");
        await visitor.AssertPageHealthyAsync();
        await visitor.ResizeAsync(Screen.Desktop);
        await visitor.ScreenshotAsync("employer-board-desktop");
    }

    [Fact]
    public async Task On_a_laptop_an_application_arrives_live_on_the_board()
    {
        var scene = await app.FairSceneAsync("前端开发工程师");
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Desktop);
        var page = visitor.Page;
        await visitor.SignInAsync(new Account(scene.Recruiter.Email!), $"/employer/positions/{scene.PositionId}/board");
        await Assertions.Expect(page.GetByTestId("count-submitted")).ToHaveTextAsync("0");
        var marker = await page.EvaluateAsync<double>("() => performance.timeOrigin");
        var (student, _, resumeId) = await app.ApplicantAsync(scene, "陈静");
        using var _s = student;
        var applicationId = await student.AppliedAsync(scene, resumeId);
        await Assertions.Expect(page.Locator($"[data-column=submitted] [data-application-id='{applicationId}']")).ToContainTextAsync("陈静");
        await Assertions.Expect(page.GetByTestId("count-submitted")).ToHaveTextAsync("1");
        Assert.Equal(marker, await page.EvaluateAsync<double>("() => performance.timeOrigin"));
        await visitor.AssertPageHealthyAsync();
    }

    [Fact]
    public async Task On_a_phone_the_bulk_bar_stays_at_the_bottom_of_the_screen_once_a_card_is_ticked_and_moves_them_from_there()
    {
        var scene = await app.FairSceneAsync("测试工程师");
        var applications = new List<Guid>();
        foreach (var name in new[] { "赵一", "钱二", "孙三" })
        {
            var (student, _, resume) = await app.ApplicantAsync(scene, name);
            using (student) applications.Add(await student.AppliedAsync(scene, resume));
        }
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        var page = visitor.Page;
        await visitor.SignInAsync(new Account(scene.Recruiter.Email!), $"/employer/positions/{scene.PositionId}/board");
        await Assertions.Expect(page.GetByTestId("count-submitted")).ToHaveTextAsync("3");
        var bar = page.Locator(".board__bulk");
        var move = bar.GetByRole(AriaRole.Button, new() { Name = "处理所选简历" });
        // Nothing ticked: the bar waits after the board, below the fold.
        await Assertions.Expect(move).Not.ToBeInViewportAsync();

        // Ticked at the top of the board: the bar comes up to the bottom of the screen, and stays there while the reader scrolls.
        await page.GetByLabel("选择赵一").CheckAsync();
        await Assertions.Expect(move).ToBeInViewportAsync(new() { Ratio = 1 });
        await AssertAtTheBottomAsync();
        await page.Locator("#col-offered-title").EvaluateAsync("e => e.scrollIntoView({ block: 'center' })");
        await page.GetByLabel("选择孙三").CheckAsync();
        await AssertAtTheBottomAsync();
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await AssertAtTheBottomAsync();
        await Assertions.Expect(bar.GetByLabel("改为")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Assertions.Expect(bar.GetByLabel("备注（可选）")).ToBeInViewportAsync(new() { Ratio = 1 });
        await visitor.ScreenshotAsync("employer-board-bulk-bar-phone", fullPage: false);
        await visitor.AssertPageHealthyAsync();

        // Unticked, it goes back after the board; ticked again, it moves both from where the reader is.
        await page.GetByLabel("选择赵一").UncheckAsync();
        await page.GetByLabel("选择孙三").UncheckAsync();
        await Assertions.Expect(move).Not.ToBeInViewportAsync();
        await page.GetByLabel("选择赵一").CheckAsync();
        await page.GetByLabel("选择孙三").CheckAsync();
        await bar.GetByLabel("改为").SelectOptionAsync(new SelectOptionValue { Label = "初筛通过" });
        await move.ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-report").Locator("h2")).ToHaveTextAsync("已处理 2 份，0 份未能处理");
        await Assertions.Expect(page.GetByTestId("count-shortlisted")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator($"[data-column=submitted] [data-application-id='{applications[1]}']")).ToHaveCountAsync(1);

        async Task AssertAtTheBottomAsync()
        {
            var box = await bar.EvaluateAsync<double[]>("e => [e.getBoundingClientRect().top, e.getBoundingClientRect().bottom, window.innerHeight]");
            var (top, bottom, screen) = (box[0], box[1], box[2]);
            Assert.InRange(bottom, screen - 1, screen + 1);
            Assert.True(bottom - top <= screen / 3, $"the bulk bar covers {bottom - top} px of a {screen} px screen");
        }
    }
}
