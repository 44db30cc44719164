using System.Net;
using System.Net.Http.Json;
using JobFair.BrowserTests.Support;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Fairs;

/// <summary>The pages anyone sees: the fair's figures moving as others act, and every public page healthy at both sizes.</summary>
[Collection(OneBrowser.Name)]
public sealed class PublicPagesTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Fact]
    public async Task The_fair_figures_and_booth_lines_follow_what_others_do_without_a_reload()
    {
        var scene = await app.FairSceneAsync("数据分析师", startHours: -1);
        await Api.Expect(await scene.Recruiter.Http.PutAsJsonAsync(new Uri($"/api/fairs/{scene.FairId}/booths/{scene.EmployerId}", UriKind.Relative),
            new { open = true, cap = 50, minutesPerTalk = 10 }), HttpStatusCode.OK);
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        await visitor.GoToAsync($"/fairs/{scene.FairId}");
        var (positions, applications) = (visitor.Page.GetByTestId("stat-positions"), visitor.Page.GetByTestId("stat-applications"));
        await Assertions.Expect(visitor.Page.GetByTestId("stat-employers")).ToHaveTextAsync("1");
        await Assertions.Expect(positions).ToHaveTextAsync("1");
        await Assertions.Expect(applications).ToHaveTextAsync("0");
        await Assertions.Expect(visitor.Page.GetByTestId("stat-signed")).ToHaveTextAsync("0");
        var document = await visitor.Page.EvaluateAsync<double>("() => performance.timeOrigin");

        var line = visitor.Page.Locator($"[data-booth-id='{scene.EmployerId}'] [data-booth-waiting]");
        await Assertions.Expect(line).ToHaveTextAsync("0");

        // Elsewhere: a graduate applies and joins the booth's line, the employer posts a second position.
        var (student, _, resumeId) = await app.ApplicantAsync(scene);
        using (student)
        {
            await student.AppliedAsync(scene, resumeId);
            await Api.Expect(await student.PostAsync($"/api/fairs/{scene.FairId}/booths/{scene.EmployerId}/queue", null), HttpStatusCode.Created);
        }
        await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "算法工程师"));

        await Assertions.Expect(applications).ToHaveTextAsync("1");
        await Assertions.Expect(positions).ToHaveTextAsync("2");
        await Assertions.Expect(line).ToHaveTextAsync("1");
        Assert.Equal(document, await visitor.Page.EvaluateAsync<double>("() => performance.timeOrigin"));
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("二维码") })).ToBeVisibleAsync();
        await visitor.ScreenshotAsync("fair-phone");
        await visitor.AssertPageHealthyAsync();
    }

    [Fact]
    public async Task Home_pairs_position_and_fair_pages_are_healthy_and_switch_to_English()
    {
        var scene = await app.FairSceneAsync("前端开发工程师", startHours: -1);
        for (var i = 1; i <= 22; i++)
            await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], $"软件测试工程师 {i:00}", city: "襄阳"));
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);

        await visitor.GoToAsync("/");
        await Assertions.Expect(visitor.Page.Locator(".fair-card").First).ToBeVisibleAsync();
        await visitor.ScreenshotAsync("home-phone");
        await visitor.AssertPageHealthyAsync();

        await visitor.GoToAsync("/pairs");
        await Assertions.Expect(visitor.Page.Locator(".pair-card").First).ToBeVisibleAsync();
        await visitor.ScreenshotAsync("pairs-phone");
        await visitor.AssertPageHealthyAsync();

        await visitor.GoToAsync($"/fairs/{scene.FairId}?city=" + Uri.EscapeDataString("襄阳"));
        await Assertions.Expect(visitor.Page.Locator(".position-row__title")).ToHaveCountAsync(20);
        await visitor.ScreenshotAsync("fair-filtered-phone");
        await visitor.AssertPageHealthyAsync();
        await visitor.Page.Locator(".pager a[rel=next]").ClickAsync();
        await Assertions.Expect(visitor.Page.Locator(".position-row__title")).ToHaveCountAsync(2);

        await visitor.GoToAsync($"/positions/{scene.PositionId}?fair={scene.FairId}");
        await Assertions.Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("前端开发工程师");
        await visitor.ScreenshotAsync("position-phone");
        await visitor.AssertPageHealthyAsync();

        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "English" }).Or(visitor.Page.GetByRole(AriaRole.Button, new() { Name = "English" })).First.ClickAsync();
        await Assertions.Expect(visitor.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await visitor.GoToAsync($"/fairs/{scene.FairId}");
        await Assertions.Expect(visitor.Page.Locator("#figures-title")).ToHaveTextAsync("Live figures");
        await visitor.ScreenshotAsync("fair-english-phone");
        await visitor.AssertPageHealthyAsync();
    }
}
