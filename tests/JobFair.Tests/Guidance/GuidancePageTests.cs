using System.Net;
using System.Text;
using JobFair.Tests.Support;

namespace JobFair.Tests.Guidance;

/// <summary>
/// The pages of pushes and figures as served, without a browser: a graduate's recommendations
/// (opened from the position page, muting), notifications of pushes and reminders in the reader's
/// language, and a centre's guidance figures with their CSV files.
/// </summary>
public sealed class GuidancePageTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private static readonly string[] TableKeys = ["counsellors", "follow-up", "actions", "key-groups", "push-fairs", "push-majors", "employers"];

    [Fact]
    public async Task A_graduate_sees_what_was_pushed_and_why_opens_one_from_its_position_and_mutes_pushes_in_one_step()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(7);
        var (student, _) = await app.StudentAsync(scene.SupportedId, scene.Host, "孙同学", "软件工程");
        var exact = await scene.PostAsync("Java 开发工程师", "软件工程");
        await app.AllEventsDeliveredAsync();
        app.Clock!.Advance(TimeSpan.FromMinutes(5));
        var kin = await scene.PostAsync("网络运维工程师", "网络工程");
        await app.AllEventsDeliveredAsync();

        using var pages = Pages.For(app);
        await pages.SignInAsync(student.Email!);
        var me = await pages.GetAsync("/me");
        Assert.NotNull(me.Document.QuerySelector("a[href='/me/recommendations']"));
        Assert.Contains("2 个专业对口岗位待查看", me.Document.QuerySelector(".awaits")!.TextContent, StringComparison.Ordinal);

        var list = await pages.GetAsync("/me/recommendations");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal("为你推荐的岗位", list.Heading);
        var cards = list.Document.QuerySelectorAll("[data-position-id]").ToList();
        Assert.Equal([kin, exact], cards.Select(c => Guid.Parse(c.GetAttribute("data-position-id")!)));
        Assert.All(cards, c => Assert.Equal("false", c.GetAttribute("data-seen")));
        Assert.Equal("与你的专业（软件工程）一致", cards[1].QuerySelector("[data-testid=reason]")!.TextContent);
        Assert.Equal("与你的专业同属计算机类", cards[0].QuerySelector("[data-testid=reason]")!.TextContent);
        Assert.Contains("一帮一 春季网络双选会", cards[1].TextContent, StringComparison.Ordinal);
        Assert.Equal($"/positions/{exact}?fair={scene.FairId}", cards[1].QuerySelector("h3 a")!.GetAttribute("href"));

        // Opening the position is opening the push: the list says so, and the API too.
        Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync($"/positions/{exact}?fair={scene.FairId}")).Status);
        list = await pages.GetAsync("/me/recommendations");
        Assert.Equal(["false", "true"], list.Document.QuerySelectorAll("[data-position-id]").Select(c => c.GetAttribute("data-seen")));
        Assert.Contains("查看时间", list.Document.QuerySelector($"[data-position-id='{exact}']")!.TextContent, StringComparison.Ordinal);
        var seen = (await (await student.AgainAsync()).RecommendationsAsync()).Single(r => (string?)r!["positionId"] == exact.ToString())!;
        Assert.NotNull(seen["seenAt"]);

        // Mute, then unmute: one button each time, and the API agrees.
        var muted = await pages.FollowAsync(await pages.SubmitAsync(list, "push-settings"));
        Assert.Contains("推送已关闭", muted.Document.QuerySelector("[data-testid=push-state]")!.TextContent, StringComparison.Ordinal);
        Assert.True((bool)(await (await student.AgainAsync()).GetJsonAsync("/api/students/me/recommendations/settings"))["muted"]!);
        var unmuted = await pages.FollowAsync(await pages.SubmitAsync(muted, "push-settings"));
        Assert.Contains("推送已开启", unmuted.Document.QuerySelector("[data-testid=push-state]")!.TextContent, StringComparison.Ordinal);
        Assert.False((bool)(await (await student.AgainAsync()).GetJsonAsync("/api/students/me/recommendations/settings"))["muted"]!);

        // In English: the reasons and the stored notifications of the pushes.
        await pages.GetAsync("/language/en?returnUrl=/me");
        var english = await pages.GetAsync("/me/recommendations");
        Assert.Equal("Asks for your major (软件工程)",
            english.Document.QuerySelector($"[data-position-id='{exact}'] [data-testid=reason]")!.TextContent);
        var notifications = (await pages.GetAsync("/me")).Document.QuerySelectorAll(".notification__title strong").Select(s => s.TextContent).ToList();
        Assert.Equal(["A position for your major", "A position for your major"], notifications);

        // Only students have recommendations.
        using var recruiter = Pages.For(app);
        await recruiter.SignInAsync(scene.Recruiter.Email!);
        Assert.Equal(HttpStatusCode.Forbidden, (await recruiter.GetAsync("/me/recommendations")).Status);
    }

    [Fact]
    public async Task Pushes_and_reminders_are_written_in_the_readers_language_and_other_notifications_as_stored()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(8);
        var (student, _) = await app.StudentAsync(scene.SupportedId, scene.Host, "钱同学", "软件工程");
        var position = await scene.PostAsync("Java 开发工程师", "软件工程");
        await app.AllEventsDeliveredAsync();
        var employer = (string)(await student.GetJsonAsync($"/api/positions/{position}"))["employer"]!["name"]!;

        var chinese = await NotificationAsync(student, "position_recommended", null);
        Assert.Equal(("为你推荐岗位", $"{employer}的「Java 开发工程师」与你的专业（软件工程）一致，欢迎投递。"), chinese);
        var english = await NotificationAsync(student, "position_recommended", "en");
        Assert.Equal(("A position for your major", $"{employer} is hiring for “Java 开发工程师”. Asks for your major (软件工程). Have a look and apply."),
            english);

        var resume = await student.UploadResumeAsync();
        await Api.Expect(await student.PostAsync("/api/applications", new { positionId = position, fairId = scene.FairId, resumeId = resume }),
            HttpStatusCode.Created);
        await app.AllEventsDeliveredAsync();
        app.Clock!.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(1));
        await UnreadResumeTests.RemindAsync(app);
        var recruiter = await scene.Recruiter.AgainAsync();
        Assert.Equal(("简历待处理提醒", "有 1 份简历投递超过 3 天仍未处理，涉及「Java 开发工程师」。毕业生正在等待回复，请尽快查看。"),
            await NotificationAsync(recruiter, "applications_unread", null));
        Assert.Equal(("Resumes waiting for an answer",
                "Applications still unread more than 3 days after delivery: 1, for “Java 开发工程师”. " +
                "Graduates are waiting for your answer; please look at them soon."),
            await NotificationAsync(recruiter, "applications_unread", "en"));
        // A kind that keeps no parameters reads as it was stored, whatever the language.
        Assert.Equal("收到新简历", (await NotificationAsync(recruiter, "application_received", "en")).Title);
    }

    private static async Task<(string Title, string Body)> NotificationAsync(Api user, string kind, string? language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me/notifications?pageSize=100");
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        var item = (await Api.Expect(await user.Http.SendAsync(request), HttpStatusCode.OK)).Items().First(n => (string?)n!["kind"] == kind)!;
        return ((string)item["title"]!, (string)item["body"]!);
    }

    [Fact]
    public async Task A_centre_reads_its_guidance_figures_as_tables_and_each_table_as_csv_and_nobody_else_does()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(9);
        var major = GuidanceWorld.NewMajor();
        var (counsellor, _) = await app.CounsellorAsync(scene.Host, scene.SupportedId, "刘老师", major);
        var graduates = await scene.Host.GraduatesAsync(scene.SupportedId, major, 2);
        await counsellor.AddActionAsync(graduates[0], app.Now().AddDays(-2), "修改简历");

        using var pages = Pages.For(app);
        await pages.SignInAsync(scene.Host.Email!);
        Assert.NotNull((await pages.GetAsync("/centre")).Document.QuerySelector("a[href='/centre/guidance']"));
        var page = await pages.GetAsync("/centre/guidance");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("就业帮扶数据", page.Heading);
        Assert.Equal("2", page.Document.QuerySelector("[data-testid=figure-looking]")!.TextContent);
        Assert.Equal("1", page.Document.QuerySelector("[data-testid=figure-overdue-actions]")!.TextContent);
        foreach (var key in TableKeys)
            Assert.NotNull(page.Document.QuerySelector($"a[data-csv={key}][href='/centre/guidance/{key}.csv']"));
        var row = page.Document.QuerySelectorAll("[data-table=actions] tbody tr").Single(r => r.QuerySelector("th")!.TextContent.StartsWith("刘老师", StringComparison.Ordinal));
        Assert.Equal(["1", "1", "1"], row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));

        var response = await pages.Http.GetAsync(new Uri("/centre/guidance/actions.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("辅导员,未完成措施,逾期措施,有逾期措施的毕业生", lines[0]);
        Assert.Equal(page.Document.QuerySelectorAll("[data-table=actions] tbody th").Select(th => th.TextContent.Trim()),
            lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Contains("刘老师（计算机学院）,1,1,1", lines);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.Http.GetAsync(new Uri("/centre/guidance/students.csv", UriKind.Relative))).StatusCode);

        // The partner's centre sees its own university's figures, never these.
        using var partner = await app.CentreAsync(scene.SupportingId);
        using var partnerPages = Pages.For(app);
        await partnerPages.SignInAsync(partner.Email!);
        var theirs = await partnerPages.GetAsync("/centre/guidance");
        Assert.Equal("0", theirs.Document.QuerySelector("[data-testid=figure-overdue-actions]")!.TextContent);
        Assert.DoesNotContain("刘老师", theirs.Document.Body!.TextContent, StringComparison.Ordinal);
        using var counsellorPages = Pages.For(app);
        await counsellorPages.SignInAsync(counsellor.Email!);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellorPages.GetAsync("/centre/guidance")).Status);
        Assert.NotEqual(HttpStatusCode.OK, (await counsellorPages.Http.GetAsync(new Uri("/centre/guidance/actions.csv", UriKind.Relative))).StatusCode);
    }
}
