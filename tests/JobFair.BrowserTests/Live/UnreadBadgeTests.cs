using System.Net;
using JobFair.BrowserTests.Support;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Live;

/// <summary>The header's live island: a notification stored for the user moves the badge without a reload.</summary>
[Collection(OneBrowser.Name)]
public sealed class UnreadBadgeTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Fact]
    public async Task The_badge_counts_a_notification_caused_elsewhere_without_a_reload()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        var fairId = await centre.CreateFairAsync(pairId, "浏览器测试双选会");
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        await visitor.SignInAsync(new Account(centre.Email!));
        var badge = visitor.Page.GetByTestId("unread-badge");
        await Assertions.Expect(badge).ToBeHiddenAsync();
        var marker = await visitor.Page.EvaluateAsync<double>("() => performance.timeOrigin"); // the same document throughout

        // Elsewhere: an employer asks to join the fair; its hosts' centre staff are notified.
        var (recruiter, _) = await app.RecruiterAsync();
        using (recruiter)
            await Api.Expect(await recruiter.PostAsync($"/api/fairs/{fairId}/participations", new { message = "请审核" }), HttpStatusCode.Created);

        await Assertions.Expect(badge).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(badge.Locator("[data-count-shown]")).ToHaveTextAsync("1");
        // Said to screen readers (with whatever else the page says about the same event, such as the centre's new request).
        await Assertions.Expect(visitor.Page.Locator("#live-announce")).ToContainTextAsync("1 条未读通知");
        Assert.Equal(marker, await visitor.Page.EvaluateAsync<double>("() => performance.timeOrigin"));
        await visitor.ScreenshotAsync("badge-live-phone");
        await visitor.AssertPageHealthyAsync();
    }

    [Fact]
    public async Task After_the_connection_drops_the_page_says_so_and_catches_up_from_the_server()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        var fairId = await centre.CreateFairAsync(pairId, "断线重连测试双选会");
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        await visitor.SignInAsync(new Account(centre.Email!));
        var badge = visitor.Page.GetByTestId("unread-badge");
        var status = visitor.Page.Locator("#live-status");

        await visitor.Page.Context.SetOfflineAsync(true);
        await Assertions.Expect(status).ToHaveTextAsync("实时连接已断开，恢复后页面会自动更新。", new() { Timeout = 45_000 });

        // What happens while the page is cut off is not replayed to it: it asks the server afterwards.
        var (recruiter, _) = await app.RecruiterAsync();
        using (recruiter)
            await Api.Expect(await recruiter.PostAsync($"/api/fairs/{fairId}/participations", new { message = "请审核" }), HttpStatusCode.Created);
        await app.AllEventsDeliveredAsync();
        await Assertions.Expect(badge).ToBeHiddenAsync();

        await visitor.Page.Context.SetOfflineAsync(false);
        await Assertions.Expect(badge.Locator("[data-count-shown]")).ToHaveTextAsync("1", new() { Timeout = 45_000 });
        await Assertions.Expect(badge).ToBeVisibleAsync();
        await Assertions.Expect(status).ToHaveTextAsync("已重新连接，页面已更新。");
    }
}
