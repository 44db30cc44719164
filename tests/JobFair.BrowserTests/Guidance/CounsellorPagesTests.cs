using JobFair.BrowserTests.Support;
using JobFair.Tests.Guidance;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Guidance;

/// <summary>A counsellor working on the ledger (一人一策) in the browser, on a phone and a laptop.</summary>
[Collection(OneBrowser.Name)]
public sealed class CounsellorPagesTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task A_counsellor_opens_a_graduates_plan_from_the_ledger_adds_an_action_and_ticks_it_off(string size)
    {
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        using var partnerCentre = await app.CentreAsync(supporting);
        var major = GuidanceWorld.NewMajor();
        var (counsellor, counsellorId) = await app.CounsellorAsync(centre, supported, "李老师", major);
        var (partner, partnerId) = await app.CounsellorAsync(partnerCentre, supporting, "周老师", GuidanceWorld.NewMajor());
        partner.Dispose();
        await centre.PairCounsellorsAsync(pairId, counsellorId, partnerId);
        var (student, studentId) = await app.StudentAsync(supported, centre, "陈同学", major);
        student.Dispose();
        await centre.GraduatesAsync(supported, major, 2, "黄同学");
        await centre.SetKeyGroupsAsync(studentId, "poor_household");
        await counsellor.AddActionAsync(studentId, DateTimeOffset.UtcNow.AddDays(-1), "修改简历");
        var account = new Account(counsellor.Email!);
        counsellor.Dispose();

        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Named(size));
        await visitor.SignInAsync(account);
        Assert.Equal("/counsellor", visitor.Path);
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("一人一策台账");
        await Assertions.Expect(visitor.Page.GetByTestId("ledger-students")).ToHaveTextAsync("3");
        await Assertions.Expect(visitor.Page.GetByTestId("ledger-overdue")).ToHaveTextAsync("1");
        await Assertions.Expect(visitor.Page.GetByTestId("partner")).ToContainTextAsync("周老师");
        await visitor.ScreenshotAsync($"counsellor-ledger-{size}");
        await visitor.AssertPageHealthyAsync();

        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "陈同学" }).ClickAsync();
        await visitor.Page.WaitForURLAsync($"**/counsellor/students/{studentId}");
        await visitor.SettleAsync();
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("陈同学 的帮扶计划");
        await Assertions.Expect(visitor.Page.GetByTestId("key-groups")).ToHaveTextAsync("建档立卡贫困家庭");
        await Assertions.Expect(visitor.Page.GetByTestId("open-actions").Locator("li")).ToHaveCountAsync(1);

        // A refused action: the summary at the top links to the field.
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "添加措施" }).ClickAsync();
        await visitor.SettleAsync();
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("请填写完整的日期和时间");
        await Assertions.Expect(visitor.Page.Locator("#action-due")).ToHaveAttributeAsync("aria-invalid", "true");
        await visitor.AssertPageHealthyAsync();

        var due = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(7);
        await visitor.Page.GetByLabel("措施内容").FillAsync("推荐三家对口企业并跟进投递");
        await visitor.Page.GetByLabel("截止时间").FillAsync($"{due:yyyy-MM-dd}T10:00");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "添加措施" }).ClickAsync();
        var open = visitor.Page.GetByTestId("open-actions").Locator("li");
        await Assertions.Expect(open).ToHaveCountAsync(2);
        await Assertions.Expect(open.Nth(1)).ToContainTextAsync("推荐三家对口企业并跟进投递");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync($"counsellor-plan-{size}");
        await visitor.AssertPageHealthyAsync();

        // Ticking the overdue one off leaves the new one open, and the history says it is done.
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "标记完成：修改简历" }).ClickAsync();
        await Assertions.Expect(open).ToHaveCountAsync(1);
        await Assertions.Expect(open.First).ToContainTextAsync("推荐三家对口企业并跟进投递");
        await Assertions.Expect(visitor.Page.GetByTestId("history")).ToContainTextAsync("已于");
        await visitor.SettleAsync();
        await visitor.AssertPageHealthyAsync();

        // Back on the ledger, nothing is overdue any more.
        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "返回台账" }).ClickAsync();
        await visitor.Page.WaitForURLAsync("**/counsellor");
        await Assertions.Expect(visitor.Page.GetByTestId("ledger-overdue")).ToHaveTextAsync("0");
    }

    public static TheoryData<string> Sizes => new(Screen.Both.Select(s => s.Name));
}
