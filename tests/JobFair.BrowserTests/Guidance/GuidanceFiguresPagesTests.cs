using JobFair.BrowserTests.Support;
using JobFair.Tests.Guidance;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Guidance;

/// <summary>A graduate's recommendations and a centre's guidance figures in the browser, on a phone and a laptop.</summary>
[Collection(OneBrowser.Name)]
public sealed class GuidanceFiguresPagesTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task A_graduate_reads_the_positions_pushed_for_their_major_and_mutes_pushes(string size)
    {
        var scene = await app.FairSceneAsync("Java 开发工程师", startHours: -1);
        var major = GuidanceWorld.NewMajor();
        var (student, _) = await app.StudentAsync(scene.SupportedId, scene.Host, "孙同学", major);
        await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "数据分析助理", majors: [major]));
        await app.AllEventsDeliveredAsync();
        var account = new Account(student.Email!);
        student.Dispose();

        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Named(size));
        await visitor.SignInAsync(account);
        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "为你推荐的岗位" }).First.ClickAsync();
        await visitor.Page.WaitForURLAsync("**/me/recommendations", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("为你推荐的岗位");
        var card = visitor.Page.Locator("[data-position-id]");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.GetByTestId("reason")).ToHaveTextAsync($"与你的专业（{major}）一致");
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync($"recommendations-{size}");
        await visitor.AssertPageHealthyAsync();

        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "关闭岗位推送" }).ClickAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("push-state")).ToContainTextAsync("推送已关闭");
        await visitor.SettleAsync();
        await visitor.AssertPageHealthyAsync();

        // Opening the position from the list marks it opened.
        await card.GetByRole(AriaRole.Link, new() { Name = "数据分析助理" }).ClickAsync();
        await visitor.Page.WaitForURLAsync("**/positions/**", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("数据分析助理");
        await visitor.SettleAsync();
        await visitor.GoToAsync("/me/recommendations");
        await Assertions.Expect(visitor.Page.Locator("[data-position-id]")).ToHaveAttributeAsync("data-seen", "true");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task A_centre_reads_its_guidance_figures_as_charts_tables_and_csv_links(string size)
    {
        var scene = await app.FairSceneAsync("会计", startHours: -1);
        var major = GuidanceWorld.NewMajor();
        var name = size == Screen.Both[0].Name ? "刘晓燕" : "刘国栋"; // both sizes share the university
        var (counsellor, _) = await app.CounsellorAsync(scene.Host, scene.SupportedId, name, major);
        var graduates = await scene.Host.GraduatesAsync(scene.SupportedId, major, 3);
        await counsellor.AddActionAsync(graduates[0], DateTimeOffset.UtcNow.AddDays(-1), "修改简历");
        await scene.Host.SetKeyGroupsAsync(graduates[1], "poor_household");
        counsellor.Dispose();
        var account = new Account(scene.Host.Email!);

        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Named(size));
        await visitor.SignInAsync(account);
        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "就业帮扶数据" }).ClickAsync();
        await visitor.Page.WaitForURLAsync("**/centre/guidance", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("就业帮扶数据");
        await Assertions.Expect(visitor.Page.GetByTestId("figure-overdue-actions")).Not.ToHaveTextAsync("0");
        await Assertions.Expect(visitor.Page.Locator("a[data-csv]")).ToHaveCountAsync(7);
        await Assertions.Expect(visitor.Page.Locator("[data-table=counsellors] tbody")).ToContainTextAsync(name);
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync($"centre-guidance-{size}");
        await visitor.AssertPageHealthyAsync();
    }

    public static TheoryData<string> Sizes => new(Screen.Both.Select(s => s.Name));
}
