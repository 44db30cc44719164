using JobFair.BrowserTests.Support;

namespace JobFair.BrowserTests.Site;

/// <summary>What every page shares: the language switch and the error pages.</summary>
[Collection(OneBrowser.Name)]
public sealed class SiteTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task An_unknown_address_shows_the_not_found_page_in_the_sites_layout(string size)
    {
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Named(size));

        var response = await visitor.GoToAsync("/no-such-page");

        Assert.Equal(404, response.Status);
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("找不到这个页面");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "云双选会" })).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "返回首页" })).ToBeVisibleAsync();
        await visitor.ScreenshotAsync($"not-found-{size}");
        await visitor.AssertPageHealthyAsync();
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task The_language_switch_turns_the_site_English_and_remembers_it(string size)
    {
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Named(size));
        await visitor.GoToAsync("/login");
        await Assertions.Expect(visitor.Page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await visitor.AssertPageHealthyAsync();

        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true }).ClickAsync();

        await Assertions.Expect(visitor.Page.Locator("html")).ToHaveAttributeAsync("lang", "en"); // a new document
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("Sign in");
        Assert.Equal("/login", visitor.Path);
        await visitor.ScreenshotAsync($"login-english-{size}");
        await visitor.AssertPageHealthyAsync();

        // Remembered: another page, then a later visit in the same browser.
        await visitor.GoToAsync("/register");
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("Create an account");
        await Assertions.Expect(visitor.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await visitor.AssertPageHealthyAsync();
        await visitor.GoToAsync("/no-such-page");
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("Page not found");

        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "中文", Exact = true }).ClickAsync();
        await Assertions.Expect(visitor.Page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("找不到这个页面");
        Assert.Equal("/no-such-page", visitor.Path);
        await visitor.AssertPageHealthyAsync();
    }

    [Fact]
    public async Task The_page_check_refuses_a_page_with_an_unlabelled_field_or_faint_text()
    {
        // The check every page test ends with must be able to fail: break a healthy page the way a careless change would.
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        await visitor.GoToAsync("/login");
        await visitor.AssertPageHealthyAsync();

        await visitor.Page.EvaluateAsync("""
            () => document.querySelector('main').insertAdjacentHTML('beforeend',
              '<input type="text" id="unlabelled"><p style="color:#bbb;background:#fff">几乎看不清的说明</p>')
            """);

        var refusal = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(visitor.AssertPageHealthyAsync);
        Assert.Contains("phone: axe critical label", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("desktop: axe serious color-contrast", refusal.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Sizes => new(Screen.Both.Select(s => s.Name));
}
