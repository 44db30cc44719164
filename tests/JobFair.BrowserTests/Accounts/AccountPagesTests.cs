using JobFair.BrowserTests.Support;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Accounts;

/// <summary>Registering, signing in and out, and landing where each role starts, in the browser.</summary>
[Collection(OneBrowser.Name)]
public sealed class AccountPagesTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task A_newcomer_registers_and_is_signed_in_with_both_ways_in_offered(string size)
    {
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Named(size));
        await visitor.GoToAsync("/register");
        await visitor.ScreenshotAsync($"register-{size}");
        await visitor.AssertPageHealthyAsync();

        var form = visitor.Page.Locator("main form");
        await form.Locator("input[type=email]").FillAsync(Callers.NewEmail("browser"));
        await form.Locator("input[type=password]").FillAsync("correct-horse-42");
        await form.GetByRole(AriaRole.Button, new() { Name = "注册" }).ClickAsync();
        await visitor.Page.WaitForURLAsync("**/welcome", new() { WaitUntil = WaitUntilState.Commit });
        await visitor.SettleAsync();

        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("欢迎使用云双选会");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "我是毕业生：认证学生身份" })).ToHaveAttributeAsync("href", "/me");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "我是招聘单位：登记单位信息" })).ToHaveAttributeAsync("href", "/employer");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Button, new() { Name = "退出" })).ToBeVisibleAsync();
        await visitor.ScreenshotAsync($"welcome-{size}");
        await visitor.AssertPageHealthyAsync();
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task A_refused_form_lists_its_problems_at_the_top_each_linking_to_its_field(string size)
    {
        var account = await app.NewcomerAccountAsync();
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Named(size));
        await visitor.GoToAsync("/login");
        await visitor.ScreenshotAsync($"login-{size}");

        await visitor.FillSignInFormAsync(account with { Password = "not-the-password-1" });
        await visitor.SettleAsync();

        var summary = visitor.Page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary).ToContainTextAsync("邮箱或密码不正确。");
        await Assertions.Expect(visitor.Page).ToHaveTitleAsync("错误：登录 - 云双选会");
        Assert.EndsWith("/login", visitor.Path, StringComparison.Ordinal);
        await Assertions.Expect(visitor.Page.Locator("input[type=password]")).ToHaveValueAsync("");
        await visitor.ScreenshotAsync($"login-refused-{size}");
        await visitor.AssertPageHealthyAsync();

        // An empty form: each problem links to its field, and following the link reaches it.
        await visitor.GoToAsync("/register");
        await visitor.Page.Locator("main form button[type=submit]").ClickAsync();
        await visitor.SettleAsync();
        await Assertions.Expect(summary.GetByRole(AriaRole.Link)).ToHaveCountAsync(2);
        await summary.GetByRole(AriaRole.Link, new() { Name = "请输入密码" }).ClickAsync();
        await Assertions.Expect(visitor.Page.Locator("#password")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.EndsWith("#password", visitor.Page.Url, StringComparison.Ordinal);
        await visitor.ScreenshotAsync($"register-refused-{size}");
        await visitor.AssertPageHealthyAsync();
    }

    [Fact]
    public async Task Signing_out_from_the_header_ends_the_session()
    {
        var account = await app.NewcomerAccountAsync();
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        await visitor.SignInAsync(account);
        Assert.Equal("/welcome", visitor.Path);

        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await visitor.Page.WaitForURLAsync("**/logout", new() { WaitUntil = WaitUntilState.Commit });
        await visitor.SettleAsync();

        await Assertions.Expect(visitor.Page.Locator("main")).ToContainTextAsync("您已退出登录。");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();
        await visitor.AssertPageHealthyAsync();
        await visitor.GoToAsync("/welcome");
        Assert.StartsWith("/login?returnUrl=", visitor.Path, StringComparison.Ordinal);

        // /logout asked for by address only asks; the button signs out.
        await visitor.SignInAsync(account);
        await visitor.GoToAsync("/logout");
        await Assertions.Expect(visitor.Page.Locator("main")).ToContainTextAsync($"确定要退出 {account.Email} 吗？");
        await visitor.ScreenshotAsync("logout-phone");
        await visitor.AssertPageHealthyAsync();
        await visitor.Page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await Assertions.Expect(visitor.Page.Locator("main")).ToContainTextAsync("您已退出登录。");
    }

    [Fact]
    public async Task Each_role_lands_on_its_start_page_and_comes_back_to_where_it_was_sent_from()
    {
        var accounts = new (Account Account, string StartPage)[]
        {
            (app.AdminAccount(), "/admin"),
            (await app.CentreAccountAsync(), "/centre"),
            (await app.RecruiterAccountAsync(), "/employer"),
            (await app.StudentAccountAsync(), "/me"),
            (await app.NewcomerAccountAsync(), "/welcome"),
        };
        foreach (var (account, startPage) in accounts)
        {
            await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
            await visitor.SignInAsync(account);
            Assert.Equal(startPage, visitor.Path);
            await visitor.AssertPageHealthyAsync();
        }

        // Sent to sign in from a page that needs an account: back there afterwards.
        await using var sent = await Visitor.OpenAsync(browsers.Browser, app, Screen.Desktop);
        await sent.GoToAsync("/welcome");
        Assert.Equal("/login?returnUrl=%2Fwelcome", sent.Path);
        await sent.FillSignInFormAsync(accounts[^1].Account);
        await sent.Page.WaitForURLAsync("**/welcome", new() { WaitUntil = WaitUntilState.Commit });
    }

    public static TheoryData<string> Sizes => new(Screen.Both.Select(s => s.Name));
}
