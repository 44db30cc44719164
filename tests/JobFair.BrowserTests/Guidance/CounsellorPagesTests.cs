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
        await visitor.Page.WaitForURLAsync($"**/counsellor/students/{studentId}", new() { WaitUntil = WaitUntilState.Commit });
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
        await visitor.Page.WaitForURLAsync("**/counsellor", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(visitor.Page.GetByTestId("ledger-overdue")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task In_English_the_paired_counsellor_reads_the_partners_graduates_without_key_groups_and_advises_on_a_plan()
    {
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        using var partnerCentre = await app.CentreAsync(supporting);
        var major = GuidanceWorld.NewMajor();
        var (counsellor, counsellorId) = await app.CounsellorAsync(centre, supported, "吴老师", major);
        var (partner, partnerId) = await app.CounsellorAsync(partnerCentre, supporting, "郑老师", GuidanceWorld.NewMajor());
        var counsellorPairId = await centre.PairCounsellorsAsync(pairId, counsellorId, partnerId);
        var (student, studentId) = await app.StudentAsync(supported, centre, "冯同学", major);
        student.Dispose();
        await centre.SetKeyGroupsAsync(studentId, "poor_household");
        await counsellor.AddActionAsync(studentId, DateTimeOffset.UtcNow.AddDays(3), "修改简历");
        counsellor.Dispose();
        var account = new Account(partner.Email!);
        partner.Dispose();

        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        await visitor.SignInAsync(account);
        Assert.Equal("/counsellor", visitor.Path);
        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(visitor.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("Graduate ledger");
        await Assertions.Expect(visitor.Page.GetByTestId("partner")).ToContainTextAsync("吴老师");
        await visitor.SettleAsync();
        await visitor.AssertPageHealthyAsync();

        // The partner's graduates: their progress, never their key groups.
        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "See the graduates 吴老师 looks after" }).ClickAsync();
        await visitor.Page.WaitForURLAsync($"**/counsellor/pairs/{counsellorPairId}", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("Graduates 吴老师 looks after");
        await Assertions.Expect(visitor.Page.Locator("main")).ToContainTextAsync("You are paired with 吴老师 (武汉东湖学院):");
        var row = visitor.Page.Locator($"[data-student-id='{studentId}']");
        await Assertions.Expect(row).ToContainTextAsync("冯同学");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Columnheader, new() { Name = "Key groups" })).ToHaveCountAsync(0);
        await Assertions.Expect(visitor.Page.Locator("main")).Not.ToContainTextAsync("poor household", new() { IgnoreCase = true });
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync("counsellor-partner-en-phone");
        await visitor.AssertPageHealthyAsync();

        // The plan as the partner sees it: the notice, no casework buttons, and advice that is kept.
        await row.GetByRole(AriaRole.Link, new() { Name = "冯同学" }).ClickAsync();
        await visitor.Page.WaitForURLAsync($"**/counsellor/students/{studentId}", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("冯同学's plan");
        await Assertions.Expect(visitor.Page.GetByTestId("partner-notice")).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("key-groups")).ToHaveCountAsync(0);
        await Assertions.Expect(visitor.Page.GetByTestId("facts")).ToContainTextAsync("吴老师 (计算机学院)");
        await Assertions.Expect(visitor.Page.GetByTestId("open-actions").GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await visitor.Page.GetByLabel("Advice", new() { Exact = true }).FillAsync("可关注江苏的软件企业");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Add the advice" }).ClickAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("history")).ToContainTextAsync("可关注江苏的软件企业");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync("counsellor-plan-en-phone");
        await visitor.AssertPageHealthyAsync();
    }

    public static TheoryData<string> Sizes => new(Screen.Both.Select(s => s.Name));
}
