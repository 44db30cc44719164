using JobFair.BrowserTests.Support;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Site;

/// <summary>
/// The national supervisor's employer forms (issue 13): find an employer by its credit code, suspend
/// it (a reason is required, the act is confirmed first), see a refused transfer explained, reinstate
/// it; and the pairs table a page at a time. Checked at both sizes.
/// </summary>
[Collection(OneBrowser.Name)]
public sealed class AdminEmployerPagesTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task The_admin_finds_an_employer_suspends_it_after_confirming_is_refused_a_transfer_to_nobody_and_reinstates_it(string size)
    {
        // Each size suspends an employer of its own.
        var name = size == Screen.Phone.Name ? "楚天制造有限公司" : "江汉制造有限公司";
        var (recruiter, employerId) = await app.RecruiterAsync(name);
        using var _r = recruiter;
        var creditCode = (string)(await recruiter.GetJsonAsync("/api/employers/me"))["employer"]!["creditCode"]!;
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Named(size));
        var page = visitor.Page;
        await visitor.SignInAsync(app.AdminAccount());

        // Pairs a page at a time: the second page is one link away.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "各结对数据的分页" }).GetByRole(AriaRole.Link, new() { Name = "下一页" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("pairs-page=2", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "各结对数据的分页" })).ToContainTextAsync("第 2 页");

        await page.GetByLabel("单位名称或统一社会信用代码").FillAsync(creditCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        var row = page.Locator($"[data-employer-id='{employerId}']");
        await Assertions.Expect(page.GetByTestId("admin-employers").Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("正常");
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync($"admin-employers-{size}");
        await visitor.AssertPageHealthyAsync();
        await row.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name);

        // No reason: refused beside the field, nothing asked.
        await page.GetByRole(AriaRole.Button, new() { Name = "暂停单位…" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#suspend-reason")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("confirm")).ToHaveCountAsync(0);
        await visitor.AssertPageHealthyAsync();

        // With a reason it is asked once more, then done.
        await page.GetByLabel("原因", new() { Exact = true }).FillAsync("营业执照信息与实际不符");
        await page.GetByRole(AriaRole.Button, new() { Name = "暂停单位…" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm")).ToContainTextAsync($"确定暂停「{name}」吗？原因：营业执照信息与实际不符");
        using (var admin = await app.AdminAsync())
            Assert.Null((await admin.GetJsonAsync($"/api/admin/employers/{employerId}"))["suspendedAt"]?.GetValue<string?>());
        await visitor.ScreenshotAsync($"admin-employer-confirm-{size}");
        await visitor.AssertPageHealthyAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认暂停" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-done")).ToHaveTextAsync("已暂停这家单位。");
        await Assertions.Expect(page.GetByTestId("employer-standing")).ToHaveAttributeAsync("data-suspended", "true");
        using (var admin = await app.AdminAsync())
            Assert.NotNull((await admin.GetJsonAsync($"/api/admin/employers/{employerId}"))["suspendedAt"]?.GetValue<string>());

        // A transfer to an address nobody registered is refused with the reason, beside the address.
        await page.GetByLabel("接收账号的邮箱").FillAsync(Callers.NewEmail("nobody"));
        await page.GetByRole(AriaRole.Button, new() { Name = "转移单位…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认转移" }).ClickAsync();
        await Assertions.Expect(page.Locator("#transfer-email").Locator("xpath=..").Locator(".field__error"))
            .ToContainTextAsync("没有使用这个邮箱注册的账号");
        await visitor.ScreenshotAsync($"admin-employer-{size}");
        await visitor.AssertPageHealthyAsync();

        // Reinstated after confirming.
        await page.GetByRole(AriaRole.Button, new() { Name = "恢复单位…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认恢复" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-done")).ToHaveTextAsync("已恢复这家单位。");
        await Assertions.Expect(page.GetByTestId("employer-standing")).ToHaveAttributeAsync("data-suspended", "false");
        using (var admin = await app.AdminAsync())
            Assert.Null((await admin.GetJsonAsync($"/api/admin/employers/{employerId}"))["suspendedAt"]?.GetValue<string?>());
        await visitor.AssertPageHealthyAsync();
    }

    public static TheoryData<string> Sizes => new(Screen.Both.Select(s => s.Name));
}
