using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using JobFair.Server.Features.Notifications;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Web;

/// <summary>The pages' shell as served: language, error pages beside the API's problems, the header.</summary>
public sealed class SitePageTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task Pages_are_Chinese_whatever_the_browser_prefers_until_English_is_chosen()
    {
        using var pages = Pages.For(app);
        pages.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");

        var login = await pages.GetAsync("/login");
        Assert.Equal("zh-CN", login.Language);
        Assert.Equal("登录", login.Heading);

        var english = login.Link("English");
        Assert.NotNull(english);
        var switched = await pages.GetAsync(english.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.Found, switched.Status);
        Assert.Equal("/login", switched.Location);

        var again = await pages.GetAsync("/register");
        Assert.Equal("en", again.Language);
        Assert.Equal("Create an account", again.Heading);
        Assert.NotNull(again.Link("中文"));
        Assert.Null(again.Link("English"));
    }

    [Fact]
    public async Task The_language_switch_goes_back_only_to_pages_of_this_site()
    {
        using var pages = Pages.For(app);
        foreach (var elsewhere in new[] { "//evil.example/", "/\\evil.example/", "https://evil.example/" })
        {
            var switched = await pages.GetAsync("/language/en?returnUrl=" + Uri.EscapeDataString(elsewhere));
            Assert.Equal(HttpStatusCode.Found, switched.Status);
            Assert.Equal("/", switched.Location);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync("/language/fr?returnUrl=/")).Status);
    }

    [Fact]
    public async Task An_unknown_page_is_a_404_page_in_the_layout_while_the_API_keeps_problem_details()
    {
        using var pages = Pages.For(app);
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            var response = await pages.Http.SendAsync(new HttpRequestMessage(method, new Uri("/no-such-page", UriKind.Relative)));
            var page = await Pages.Page.ReadAsync("/no-such-page", response);
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            Assert.Equal("text/html", page.ContentType);
            Assert.Equal("找不到这个页面", page.Heading);
            Assert.NotNull(page.Document.QuerySelector("header .site-header__brand"));
        }

        using var api = app.Anonymous();
        await Api.ExpectProblem(await api.GetAsync("/api/no-such-route"), HttpStatusCode.NotFound, "not_found");
        await Api.ExpectProblem(await api.GetAsync("/hubs/no-such-hub"), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await api.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [InlineData(403, "您没有权限访问这个页面")]
    [InlineData(404, "找不到这个页面")]
    [InlineData(429, "操作太频繁")]
    [InlineData(500, "系统出了点问题")]
    public async Task Error_pages_answer_with_their_status_in_the_readers_language(int status, string heading)
    {
        using var pages = Pages.For(app);
        var page = await pages.GetAsync($"/error/{status}");
        Assert.Equal(status, (int)page.Status);
        Assert.Equal(heading, page.Heading);
        Assert.Equal("zh-CN", page.Language);

        await pages.GetAsync("/language/en?returnUrl=/");
        var english = await pages.GetAsync($"/error/{status}");
        Assert.Equal(status, (int)english.Status);
        Assert.Equal("en", english.Language);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", english.Heading);
    }

    [Fact]
    public async Task A_page_that_needs_an_account_sends_an_anonymous_visitor_to_sign_in_and_back()
    {
        using var pages = Pages.For(app);
        var page = await pages.GetAsync("/welcome");
        Assert.Equal(HttpStatusCode.Found, page.Status);
        Assert.Equal("/login?returnUrl=%2Fwelcome", page.Location);
    }

    [Fact]
    public async Task The_header_counts_the_signed_in_users_unread_notifications()
    {
        var account = await app.RegisterAsync();
        using var pages = Pages.For(app);
        await pages.SignInAsync(account.Email!);
        var userId = await app.WithDb(db => db.Users.Where(u => u.Email == account.Email).Select(u => u.Id).SingleAsync());
        await app.WithDb(async db =>
        {
            db.Notifications.AddRange(
                new Notification { UserId = userId, Kind = "test", Title = "一", Body = "未读", CreatedAt = DateTimeOffset.UtcNow },
                new Notification { UserId = userId, Kind = "test", Title = "二", Body = "未读", CreatedAt = DateTimeOffset.UtcNow },
                new Notification { UserId = userId, Kind = "test", Title = "三", Body = "已读", CreatedAt = DateTimeOffset.UtcNow, ReadAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });

        var page = await pages.GetAsync("/welcome");

        var badge = page.Document.QuerySelector("[data-testid=unread-badge]");
        Assert.NotNull(badge);
        Assert.False(badge.HasAttribute("hidden"));
        Assert.Equal("2", badge.QuerySelector("[data-count-shown]")!.TextContent.Trim());
        Assert.Equal("2 条未读通知", badge.QuerySelector("[data-count-said]")!.TextContent.Trim());
        Assert.Equal("/js/unread-badge.js", badge.GetAttribute("data-island"));
        var signOut = page.Form("logout");
        Assert.Equal("/logout", signOut.GetAttribute("action"));
        Assert.False(string.IsNullOrEmpty(signOut.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value));
    }
}
