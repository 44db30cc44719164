using System.Net;
using JobFair.BrowserTests.Support;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Centre;

/// <summary>The career centre's journey and the national supervisor's figures, in a browser.</summary>
[Collection(OneBrowser.Name)]
public sealed class CentrePagesTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task A_centre_creates_and_publishes_a_fair_approves_a_request_that_arrived_live_and_reads_the_dashboard(string size)
    {
        var centre = await app.CentreAccountAsync();
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Named(size));
        await visitor.SignInAsync(centre);
        Assert.Equal("/centre", visitor.Path);
        await visitor.ScreenshotAsync($"centre-empty-{size}");
        await visitor.AssertPageHealthyAsync();

        // Create the fair with the partner (the pair is chosen in the form), then publish it.
        var page = visitor.Page;
        await page.GetByLabel("名称").FillAsync("2026 春季联合双选会");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建双选会（草稿）" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/centre/fairs/", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.Commit });
        var fairId = Guid.Parse(new Uri(page.Url).AbsolutePath["/centre/fairs/".Length..]);
        await Assertions.Expect(page.Locator("main .chip").First).ToHaveTextAsync("草稿");
        await page.GetByRole(AriaRole.Button, new() { Name = "发布双选会" }).ClickAsync();
        await Assertions.Expect(page.Locator("main .chip").First).ToHaveTextAsync("已发布");

        // On the start page, an employer's request arrives without a reload.
        await visitor.GoToAsync("/centre");
        await visitor.SettleAsync();
        var marker = await page.EvaluateAsync<double>("() => performance.timeOrigin");
        var (recruiter, employerId) = await app.RecruiterAsync("浏览器测试科技有限公司");
        using (recruiter)
            await Api.Expect(await recruiter.PostAsync($"/api/fairs/{fairId}/participations", new { message = "希望参加" }), HttpStatusCode.Created);
        var card = page.Locator($"[data-employer-id='{employerId}']");
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("pending-count")).ToHaveTextAsync("1");
        Assert.Equal(marker, await page.EvaluateAsync<double>("() => performance.timeOrigin"));
        await visitor.ScreenshotAsync($"centre-request-{size}");
        await visitor.AssertPageHealthyAsync();

        await card.GetByRole(AriaRole.Button, new() { Name = "通过 浏览器测试科技有限公司" }).ClickAsync();
        await Assertions.Expect(card).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("pending-count")).ToHaveTextAsync("0");

        // The dashboard counts the approved employer (live, within about a second of the change).
        await visitor.GoToAsync($"/centre/fairs/{fairId}");
        await Assertions.Expect(page.GetByTestId("stat-employers")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-table=universities] tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-table=universities] svg[role=img]")).ToHaveCountAsync(1);
        await visitor.ScreenshotAsync($"centre-dashboard-{size}");
        await visitor.AssertPageHealthyAsync();
        if (visitor.Screen == Screen.Phone)
        {
            await visitor.ResizeAsync(Screen.Desktop);
            await visitor.ScreenshotAsync("centre-dashboard-desktop");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task The_national_supervisor_reads_the_national_figures_and_sorts_the_pairs(string size)
    {
        using var api = app.Anonymous();
        var pairs = (int)(await api.GetJsonAsync("/api/pairs?pageSize=1"))["total"]!;
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Named(size));
        await visitor.SignInAsync(app.AdminAccount());
        Assert.Equal("/admin", visitor.Path);
        var page = visitor.Page;
        await Assertions.Expect(page.GetByTestId("national-pairs")).ToHaveTextAsync(pairs.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        // The pairs a page at a time (20), the rest behind the pager.
        await Assertions.Expect(page.Locator("[data-table=pairs] tbody tr")).ToHaveCountAsync(Math.Min(pairs, 20));
        if (pairs > 20)
            await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "各结对数据的分页" })).ToContainTextAsync($"第 1 页，共 {(pairs + 19) / 20} 页");
        await page.Locator("[data-table=pairs] .sort-links").GetByRole(AriaRole.Link, new() { Name = "批次" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("sort=batch", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("[data-table=pairs] .sort-links [aria-current=true]")).ToHaveTextAsync("批次");
        await visitor.ScreenshotAsync($"admin-{size}");
        await visitor.AssertPageHealthyAsync();
        if (visitor.Screen == Screen.Phone)
        {
            await visitor.ResizeAsync(Screen.Desktop);
            await visitor.ScreenshotAsync("admin-desktop");
        }
    }

    [Fact]
    public async Task The_national_supervisor_sorts_the_pairs_by_name_from_a_and_back()
    {
        using var api = app.Anonymous();
        var pairs = (await api.GetJsonAsync("/api/pairs?pageSize=100")).Items()
            .Select(p => $"{(string)p!["supported"]!["name"]!} — {(string)p["supporting"]!["name"]!}").ToList();
        Assert.True(pairs.Count > 20, $"the seeds hold {pairs.Count} pairs");
        // A Chinese reader's A to Z: by the pinyin of the names.
        var pinyin = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("zh-CN"), ignoreCase: false);
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        await visitor.SignInAsync(app.AdminAccount());
        var page = visitor.Page;
        var sortLinks = page.Locator("[data-table=pairs] .sort-links");
        var names = page.Locator("[data-table=pairs] tbody th");

        await sortLinks.GetByRole(AriaRole.Link, new() { Name = "结对（受援 — 支援）" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("sort=name&order=asc", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(sortLinks.Locator("[aria-current=true]")).ToHaveTextAsync("结对（受援 — 支援）");
        await Assertions.Expect(names).ToHaveTextAsync([.. pairs.Order(pinyin).Take(20)]);
        Assert.Equal("（按拼音升序）", await page.Locator("[data-table=pairs] thead th").First.Locator(".visually-hidden").TextContentAsync());
        await visitor.AssertPageHealthyAsync();

        // Again: from Z; the next page goes on in that order.
        await sortLinks.GetByRole(AriaRole.Link, new() { Name = "结对（受援 — 支援）" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("sort=name&order=desc", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(names).ToHaveTextAsync([.. pairs.OrderDescending(pinyin).Take(20)]);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "各结对数据的分页" }).GetByRole(AriaRole.Link, new() { Name = "下一页" }).ClickAsync();
        await Assertions.Expect(names).ToHaveTextAsync([.. pairs.OrderDescending(pinyin).Skip(20).Take(20)]);
        await visitor.AssertPageHealthyAsync();
    }

    public static TheoryData<string> Sizes => new(Screen.Both.Select(s => s.Name));
}
