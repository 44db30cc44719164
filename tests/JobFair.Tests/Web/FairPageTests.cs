using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using JobFair.Tests.Support;

namespace JobFair.Tests.Web;

/// <summary>The public pages as served, without a browser: the home page, a fair, a position, the pairs.</summary>
public sealed class FairPageTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task The_fair_page_holds_its_figures_as_numbers_and_lists_its_positions_a_page_at_a_time()
    {
        var scene = await app.FairSceneAsync("首个岗位");
        for (var i = 1; i <= 24; i++)
            await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], $"行政助理 {i:00}", city: "荆州"));
        var (student, _, resumeId) = await app.ApplicantAsync(scene);
        using (student) await student.AppliedAsync(scene, resumeId);
        using var pages = Pages.For(app);

        // Figures follow within about a second (the refresher recounts a changed fair at most once a second).
        Pages.Page page = null!;
        await Eventually.True(async () =>
        {
            page = await pages.GetAsync($"/fairs/{scene.FairId}");
            return Stat(page, "applications") == "1";
        }, "the application to be counted on the fair page");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("zh-CN", page.Language);
        Assert.Equal(("1", "25", "1", "0"), (Stat(page, "employers"), Stat(page, "positions"), Stat(page, "applications"), Stat(page, "signed")));
        Assert.Equal("/js/fair-live.js", page.Document.QuerySelector("[data-island][data-fair-id]")?.GetAttribute("data-island"));
        Assert.Equal("polite", page.Document.QuerySelector("[data-fair-id]")?.GetAttribute("aria-live"));
        Assert.Contains("联合主办", page.Document.QuerySelector(".page-head__hosts")!.TextContent);

        // 25 positions: 20 on the first page, a link to the next, none back.
        Assert.Equal(20, Rows(page).Count);
        Assert.Null(page.Document.QuerySelector(".pager a[rel=prev]"));
        var next = page.Document.QuerySelector(".pager a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal($"/fairs/{scene.FairId}?page=2#positions", next);
        var second = await pages.GetAsync(next);
        Assert.Equal(5, Rows(second).Count);
        Assert.Null(second.Document.QuerySelector(".pager a[rel=next]"));
        Assert.Equal($"/fairs/{scene.FairId}#positions", second.Document.QuerySelector(".pager a[rel=prev]")!.GetAttribute("href"));
        Assert.Empty(Rows(page).Select(r => r.Title).Intersect(Rows(second).Select(r => r.Title)));
    }

    [Fact]
    public async Task Positions_are_searched_and_filtered_and_the_paging_links_keep_the_filters()
    {
        var scene = await app.FairSceneAsync("嵌入式软件开发工程师");
        await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "临床医生", city: "武汉", majors: ["临床医学"], degree: "doctor"));
        for (var i = 1; i <= 22; i++)
            await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], $"护士 {i:00}", city: "荆州", majors: ["护理学"], degree: "associate"));
        using var pages = Pages.For(app);
        var url = $"/fairs/{scene.FairId}";

        Assert.Equal(["嵌入式软件开发工程师"], Rows(await pages.GetAsync(url + "?q=" + Uri.EscapeDataString("嵌入式"))).Select(r => r.Title));
        Assert.Equal(["临床医生"], Rows(await pages.GetAsync(url + "?major=" + Uri.EscapeDataString("临床医学"))).Select(r => r.Title));
        Assert.Equal(["临床医生"], Rows(await pages.GetAsync(url + "?degree=doctor&city=" + Uri.EscapeDataString("武汉"))).Select(r => r.Title));

        var nurses = await pages.GetAsync(url + "?city=" + Uri.EscapeDataString("荆州") + "&degree=associate");
        Assert.Equal(20, Rows(nurses).Count);
        Assert.Contains("找到 22 个符合条件的岗位", nurses.Document.QuerySelector("#positions [role=status]")!.TextContent);
        var next = nurses.Document.QuerySelector(".pager a[rel=next]")!.GetAttribute("href")!;
        Assert.Contains("city=" + Uri.EscapeDataString("荆州"), next);
        Assert.Contains("degree=associate", next);
        Assert.Equal(2, Rows(await pages.GetAsync(next)).Count);
        // The filters are filled in as asked, the finer ones unfolded.
        Assert.Equal("荆州", nurses.Document.QuerySelector<IHtmlInputElement>("#city")!.Value);
        Assert.True(nurses.Document.QuerySelector<IHtmlSelectElement>("#degree")!.Value == "associate");
        Assert.True(nurses.Document.QuerySelector("details.filters__more")!.HasAttribute("open"));

        var none = await pages.GetAsync(url + "?q=" + Uri.EscapeDataString("宇航员"));
        Assert.Empty(Rows(none));
        Assert.NotNull(none.Link("清除筛选条件"));

        // A value the use case refuses is said on the page, not a 500.
        var refused = await pages.GetAsync(url + "?degree=astronaut");
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.NotEmpty(refused.Errors);
    }

    [Fact]
    public async Task A_draft_fair_is_the_404_page_for_everyone_but_its_hosts()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(supported);
        var draftId = await host.CreateFairAsync(pairId, "尚未发布的双选会", publish: false);

        using var anonymous = Pages.For(app);
        var missing = await anonymous.GetAsync($"/fairs/{draftId}");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("找不到这个页面", missing.Heading);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/fairs/{Guid.NewGuid()}")).Status);

        using var otherCentre = await app.CentreAsync(await app.UniversityIdAsync("厦门大学"));
        using var outsider = Pages.For(app);
        await outsider.SignInAsync(otherCentre.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/fairs/{draftId}")).Status);

        using var hostPages = Pages.For(app);
        await hostPages.SignInAsync(host.Email!);
        var draft = await hostPages.GetAsync($"/fairs/{draftId}");
        Assert.Equal(HttpStatusCode.OK, draft.Status);
        Assert.Equal("尚未发布的双选会", draft.Heading);
        Assert.Contains("草稿", draft.Document.QuerySelector(".page-head__status")!.TextContent);
    }

    [Fact]
    public async Task Fair_and_position_pages_offer_a_QR_code_image_named_as_one_in_the_readers_language()
    {
        var scene = await app.FairSceneAsync();
        using var pages = Pages.For(app);
        foreach (var (url, path) in new[] { ($"/fairs/{scene.FairId}", $"/fairs/{scene.FairId}"), ($"/positions/{scene.PositionId}", $"/positions/{scene.PositionId}") })
        {
            var page = await pages.GetAsync(url);
            var image = page.Document.QuerySelector<IHtmlImageElement>("img.qr__image")!;
            Assert.Contains("二维码", image.AlternativeText);
            Assert.EndsWith(path, page.Document.QuerySelector(".qr__link a")!.GetAttribute("href"));
            var svg = await pages.Http.GetAsync(new Uri(image.Source!, UriKind.RelativeOrAbsolute));
            Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
            Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("<svg", (await svg.Content.ReadAsStringAsync()).TrimStart()[..4]);
        }
        await pages.GetAsync("/language/en?returnUrl=/");
        var english = await pages.GetAsync($"/fairs/{scene.FairId}");
        Assert.Equal("en", english.Language);
        Assert.Contains("QR", english.Document.QuerySelector<IHtmlImageElement>("img.qr__image")!.AlternativeText);
        Assert.Equal("Live figures", english.Document.QuerySelector("#figures-title")!.TextContent);
    }

    [Fact]
    public async Task The_home_page_lists_running_fairs_before_upcoming_ones_hides_drafts_and_searches()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(supported);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var later = await host.CreateFairAsync(pairId, $"下周的双选会 {tag}", startHours: 24 * 7);
        var soon = await host.CreateFairAsync(pairId, $"明天的双选会 {tag}", startHours: 24);
        var running = await host.CreateFairAsync(pairId, $"正在进行的双选会 {tag}", startHours: -2);
        await host.CreateFairAsync(pairId, $"草稿双选会 {tag}", publish: false);
        using var pages = Pages.For(app);

        var found = await pages.GetAsync("/?q=" + tag);
        Assert.Equal(HttpStatusCode.OK, found.Status);
        var cards = found.Document.QuerySelectorAll(".fair-card").ToList();
        Assert.Equal([$"/fairs/{running}", $"/fairs/{soon}", $"/fairs/{later}"], cards.Select(c => c.QuerySelector("a")!.GetAttribute("href")));
        Assert.Equal(["进行中", "即将开始", "即将开始"], cards.Select(c => c.QuerySelector(".chip")!.TextContent.Trim()));
        Assert.Equal(tag, found.Document.QuerySelector<IHtmlInputElement>("input#q")!.Value);

        var nothing = await pages.GetAsync("/?q=" + Uri.EscapeDataString("没有这样的双选会"));
        Assert.Empty(nothing.Document.QuerySelectorAll(".fair-card"));
        Assert.NotNull(nothing.Link("查看全部双选会"));
        Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync("/?page=abc")).Status);
    }

    [Fact]
    public async Task The_position_page_shows_salary_employer_and_fairs_and_sends_an_anonymous_visitor_to_sign_in_and_back()
    {
        var scene = await app.FairSceneAsync("数据分析师");
        using var pages = Pages.For(app);

        var page = await pages.GetAsync($"/positions/{scene.PositionId}?fair={scene.FairId}");

        Assert.Equal("数据分析师", page.Heading);
        Assert.Equal("8,000–15,000 元/月", page.Document.QuerySelector(".position-salary")!.TextContent.Trim());
        Assert.NotNull(page.Document.QuerySelector($".side a[href='/fairs/{scene.FairId}']"));
        Assert.StartsWith("测试科技有限公司", page.Document.QuerySelector(".employer-name")!.TextContent.Trim());
        Assert.DoesNotContain(page.Document.QuerySelectorAll("main button"), b => b.TextContent.Contains("投递简历"));
        var signIn = page.Link("登录后投递")!.GetAttribute("href");
        Assert.Equal("/login?returnUrl=" + Uri.EscapeDataString($"/positions/{scene.PositionId}?fair={scene.FairId}"), signIn);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync($"/positions/{Guid.NewGuid()}")).Status);
    }

    [Fact]
    public async Task The_pairs_page_lists_pairs_by_batch_with_their_fairs_a_page_at_a_time()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(supported);
        var fairId = await host.CreateFairAsync(pairId, "结对页面上的双选会");
        using var pages = Pages.For(app);

        var first = await pages.GetAsync("/pairs");
        var second = await pages.GetAsync(first.Document.QuerySelector(".pager a[rel=next]")!.GetAttribute("href")!);

        Assert.Equal(20, first.Document.QuerySelectorAll(".pair-card").Length);
        Assert.Equal("第 1 批", first.Document.QuerySelector("main h2")!.TextContent.Trim());
        var all = first.Document.QuerySelectorAll(".pair-card").Concat(second.Document.QuerySelectorAll(".pair-card")).ToList();
        var pair = all.Single(c => c.QuerySelector($"a[href='/fairs/{fairId}']") is not null);
        Assert.Contains("武汉东湖学院", pair.QuerySelector("h3")!.TextContent);
        Assert.Contains("南京大学 支援 武汉东湖学院", pair.TextContent);
    }

    private static string? Stat(Pages.Page page, string name) =>
        page.Document.QuerySelector($"[data-testid=stat-{name}]")?.TextContent.Trim();

    private static List<(string Title, string Href)> Rows(Pages.Page page) =>
        page.Document.QuerySelectorAll(".position-row__title")
            .Select(a => (a.TextContent.Trim(), a.GetAttribute("href")!)).ToList();
}
