using System.Net;
using JobFair.Tests.Support;

namespace JobFair.Tests.Web;

/// <summary>
/// The recruiter's board per position and the inbox's university filter, as served (no browser):
/// a bulk move takes each application through the same use cases and reports every refusal; a
/// one-step move keeps its note; another employer's board does not exist.
/// </summary>
public sealed class BoardPageTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    /// <summary>Posts the board's form as a browser does: the token, each ticked box under the same name, the pressed button.</summary>
    private static async Task<Pages.Page> PostBoardAsync(Pages pages, Pages.Page board, params (string Name, string Value)[] fields)
    {
        var form = board.Form("board");
        var values = new List<KeyValuePair<string, string>>
        {
            new("_handler", "board"),
            new("__RequestVerificationToken", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
        };
        values.AddRange(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        var response = await pages.Http.PostAsync(new Uri(board.Url, UriKind.Relative), new FormUrlEncodedContent(values));
        return await Pages.Page.ReadAsync(board.Url, response);
    }

    private static string Column(Pages.Page page, Guid applicationId) =>
        page.Document.QuerySelector($"[data-column] [data-application-id='{applicationId}']")!.Closest("[data-column]")!.GetAttribute("data-column")!;

    [Fact]
    public async Task A_bulk_move_moves_each_application_it_may_and_names_the_one_refused_with_the_reason()
    {
        var scene = await app.FairSceneAsync("数据分析师");
        var (first, _, firstResume) = await app.ApplicantAsync(scene, "张三");
        var (second, _, secondResume) = await app.ApplicantAsync(scene, "李四");
        using var _1 = first;
        using var _2 = second;
        var moved = await first.AppliedAsync(scene, firstResume);
        var withdrawn = await second.AppliedAsync(scene, secondResume);
        using var pages = Pages.For(app);
        await pages.SignInAsync(scene.Recruiter.Email!);
        var board = await pages.GetAsync($"/employer/positions/{scene.PositionId}/board");
        Assert.Equal("数据分析师：简历看板", board.Heading);
        Assert.Equal("submitted", Column(board, moved));
        Assert.Equal("submitted", Column(board, withdrawn));

        // The student withdraws while the recruiter has the board open and both ticked.
        await Api.Expect(await second.SetStatusAsync(withdrawn, "withdrawn"), HttpStatusCode.OK);
        var report = await PostBoardAsync(pages, board, ("Act.Selected", moved.ToString()), ("Act.Selected", withdrawn.ToString()),
            ("Act.BulkStatus", "shortlisted"), ("Act.BulkNote", "笔试通过"), ("Act.Bulk", "move"));

        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Equal("已处理 1 份，1 份未能处理", report.Document.QuerySelector("[data-testid=bulk-report] h2")!.TextContent.Trim());
        var refused = report.Document.QuerySelectorAll("[data-testid=bulk-refused] li").Single();
        Assert.Equal(withdrawn.ToString(), refused.GetAttribute("data-application-id"));
        Assert.Equal("李四：当前状态下不能进行这项操作，请刷新页面查看最新状态。", refused.TextContent.Trim());
        Assert.Equal("shortlisted", Column(report, moved));
        Assert.Equal("withdrawn", Column(report, withdrawn));
        var history = await scene.Recruiter.GetJsonAsync($"/api/employers/me/applications/{moved}");
        Assert.Equal("笔试通过", (string?)history["history"]!.AsArray().Single()!["note"]);
        var untouched = await scene.Recruiter.GetJsonAsync($"/api/employers/me/applications/{withdrawn}");
        Assert.Equal(["withdrawn"], untouched["history"]!.AsArray().Select(s => (string?)s!["to"]));
    }

    [Fact]
    public async Task A_bulk_move_with_nothing_ticked_says_so_and_a_card_moves_one_step_with_its_note()
    {
        var scene = await app.FairSceneAsync("测试工程师");
        var (student, _, resumeId) = await app.ApplicantAsync(scene, "王五");
        using var _s = student;
        var applicationId = await student.AppliedAsync(scene, resumeId);
        using var pages = Pages.For(app);
        await pages.SignInAsync(scene.Recruiter.Email!);
        var board = await pages.GetAsync($"/employer/positions/{scene.PositionId}/board");

        var nothing = await PostBoardAsync(pages, board, ("Act.BulkStatus", "rejected"), ("Act.Bulk", "move"));
        Assert.Equal(["请先勾选要处理的简历。"], nothing.Errors);
        Assert.Equal("submitted", Column(nothing, applicationId));

        // In English the same refusal reads in English.
        Assert.Equal(HttpStatusCode.Found, (await pages.GetAsync($"/language/en?returnUrl=/employer/positions/{scene.PositionId}/board")).Status);
        var english = await pages.GetAsync($"/employer/positions/{scene.PositionId}/board");
        Assert.Equal("Board: 测试工程师", english.Heading);
        Assert.Equal(["Tick at least one application first."],
            (await PostBoardAsync(pages, english, ("Act.BulkStatus", "rejected"), ("Act.Bulk", "move"))).Errors);
        Assert.Equal(HttpStatusCode.Found, (await pages.GetAsync($"/language/zh-CN?returnUrl=/employer/positions/{scene.PositionId}/board")).Status);

        var invited = await PostBoardAsync(pages, board, ($"note-{applicationId}", "请预约周四的面试"), ("Act.Move", $"{applicationId} interview_invited"));
        Assert.Equal(HttpStatusCode.Found, invited.Status);
        var after = await pages.FollowAsync(invited);
        Assert.Equal("interview_invited", Column(after, applicationId));
        var history = await scene.Recruiter.GetJsonAsync($"/api/employers/me/applications/{applicationId}");
        Assert.Equal("请预约周四的面试", (string?)history["history"]!.AsArray().Single()!["note"]);
    }

    [Fact]
    public async Task A_long_column_is_paged_on_its_own_and_the_other_columns_stay_put()
    {
        var scene = await app.FairSceneAsync("运维工程师");
        var applied = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var (student, _, resumeId) = await app.ApplicantAsync(scene, $"学生{i:D2}");
            using (student) applied.Add(await student.AppliedAsync(scene, resumeId));
        }
        await Api.Expect(await scene.Recruiter.SetStatusAsync(applied[0], "viewed"), HttpStatusCode.OK);
        using var pages = Pages.For(app);
        await pages.SignInAsync(scene.Recruiter.Email!);

        var first = await pages.GetAsync($"/employer/positions/{scene.PositionId}/board");
        Assert.Equal("11", first.Document.QuerySelector("[data-testid=count-submitted]")!.TextContent.Trim());
        Assert.Equal(10, first.Document.QuerySelectorAll("[data-column=submitted] [data-application-id]").Length);
        var next = first.Document.QuerySelector("#col-submitted nav.pager a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal($"/employer/positions/{scene.PositionId}/board?page-submitted=2#col-submitted", next);
        Assert.Null(first.Document.QuerySelector("#col-viewed nav.pager"));

        var second = await pages.GetAsync(next.Split('#')[0]);
        var rest = second.Document.QuerySelectorAll("[data-column=submitted] [data-application-id]").Select(c => c.GetAttribute("data-application-id")).ToList();
        Assert.Single(rest);
        Assert.DoesNotContain(rest, id => first.Document.QuerySelector($"[data-column=submitted] [data-application-id='{id}']") is not null);
        Assert.Equal([applied[0].ToString()],
            second.Document.QuerySelectorAll("[data-column=viewed] [data-application-id]").Select(c => c.GetAttribute("data-application-id")));
    }

    [Fact]
    public async Task Another_employers_board_is_not_found()
    {
        var scene = await app.FairSceneAsync();
        var (other, _) = await app.RecruiterAsync();
        using var _o = other;
        using var pages = Pages.For(app);
        await pages.SignInAsync(other.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync($"/employer/positions/{scene.PositionId}/board")).Status);
    }

    [Fact]
    public async Task The_inbox_filters_by_the_applicants_university_in_the_api_and_on_the_page()
    {
        var scene = await app.FairSceneAsync("产品经理");
        var (fromSupported, _, r1) = await app.ApplicantAsync(scene, "赵一");
        var (fromSupporting, _) = await app.StudentAsync(scene.SupportingId, await app.CentreAsync(scene.SupportingId), "钱二");
        using var _1 = fromSupported;
        using var _2 = fromSupporting;
        var a1 = await fromSupported.AppliedAsync(scene, r1);
        var a2 = await fromSupporting.AppliedAsync(scene, await fromSupporting.UploadResumeAsync());

        var supported = await scene.Recruiter.GetJsonAsync($"/api/employers/me/applications?universityId={scene.SupportedId}");
        Assert.Equal([a1.ToString()], supported.Items().Select(i => (string?)i!["id"]));
        var supporting = await scene.Recruiter.GetJsonAsync($"/api/employers/me/applications?universityId={scene.SupportingId}");
        Assert.Equal([a2.ToString()], supporting.Items().Select(i => (string?)i!["id"]));

        using var pages = Pages.For(app);
        await pages.SignInAsync(scene.Recruiter.Email!);
        var inbox = await pages.GetAsync("/employer/applications");
        var choices = inbox.Document.QuerySelectorAll("#universityId option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal(3, choices.Count); // all, and the two universities the applicants come from
        Assert.Contains(scene.SupportingId.ToString(), choices);
        var filtered = await pages.GetAsync($"/employer/applications?universityId={scene.SupportingId}");
        Assert.Equal([a2.ToString()], filtered.Document.QuerySelectorAll("[data-application-id]").Select(r => r.GetAttribute("data-application-id")));
        Assert.Equal(scene.SupportingId.ToString(), filtered.Document.QuerySelector("#universityId option[selected]")!.GetAttribute("value"));
    }
}
