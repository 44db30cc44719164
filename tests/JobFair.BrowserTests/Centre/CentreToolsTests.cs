using System.Net;
using System.Text;
using JobFair.BrowserTests.Support;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Centre;

/// <summary>The career centre's roster, pair activities, invitations and pair figures, in a browser.</summary>
[Collection(OneBrowser.Name)]
public sealed class CentreToolsTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task A_centre_imports_its_roster_prints_the_codes_and_releases_a_claim_after_confirming(string size)
    {
        // Each size with its own empty roster: the pair's supported university at phone size, its supporting one at desktop size.
        var (_, supported, supporting) = await app.FirstPairAsync();
        var university = size == Screen.Phone.Name ? supported : supporting;
        using var centreApi = await app.CentreAsync(university);
        var centre = new Account(centreApi.Email!);
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Named(size));
        await visitor.SignInAsync(centre);
        await visitor.Page.GetByRole(AriaRole.Navigation, new() { Name = "就业中心栏目" }).GetByRole(AriaRole.Link, new() { Name = "学生名单" }).ClickAsync();
        await visitor.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/centre/roster", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(visitor.Page.GetByText("名单为空")).ToBeVisibleAsync();
        await visitor.AssertPageHealthyAsync();

        // A file with three graduates and two bad lines (an unknown degree; a number twice).
        var page = visitor.Page;
        var csv = "studentNo,name,major,degree,graduationYear\nR1001,陈静,软件工程,本科,2026\nR1002,刘洋,会计学,bachelor,2026\n" +
                  "R1003,赵敏,护理,专科,2026\nR1004,孙丽,护理,phd,2026\nR1001,陈静,软件工程,本科,2026\n";
        await page.GetByLabel("名单文件").SetInputFilesAsync(new FilePayload { Name = "名单.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("roster-counts")).ToHaveTextAsync("新增 3 人，更新 0 人，2 行未导入。");
        await Assertions.Expect(page.Locator("[data-line='5']")).ToContainTextAsync("学历须为专科、本科、硕士或博士");
        await Assertions.Expect(page.Locator("[data-line='6']")).ToContainTextAsync("学号 R1001 与第 2 行重复");
        var sheet = page.GetByTestId("activation-codes");
        await Assertions.Expect(sheet.Locator("tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(sheet.Locator("[data-student-no=R1002]")).ToContainTextAsync("刘洋");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "打印激活码" })).ToBeVisibleAsync();
        var code = await sheet.Locator("[data-student-no=R1002] [data-code]").InnerTextAsync();
        await visitor.ScreenshotAsync($"centre-roster-codes-{size}");
        await visitor.AssertPageHealthyAsync();

        // Printed, only the sheet is there: the forms and the list are not.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "上传并导入" })).ToBeHiddenAsync();
        await Assertions.Expect(sheet).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // The graduate claims with the printed code; the list shows it, filtered.
        using var graduate = await app.RegisterAsync();
        await Api.Expect(await graduate.ClaimAsync(university, "R1002", "刘洋", code), HttpStatusCode.OK);
        await visitor.GoToAsync("/centre/roster?claimed=true");
        var claimedRow = page.Locator("tr[data-student-no=R1002]");
        await Assertions.Expect(page.Locator("tbody tr[data-student-no]")).ToHaveCountAsync(1);
        await Assertions.Expect(claimedRow).ToContainTextAsync("已认领");
        await visitor.AssertPageHealthyAsync();

        // Release, after the confirm step asks for a reason.
        await claimedRow.GetByRole(AriaRole.Link, new() { Name = "解除 刘洋 的认领" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认解除认领" }).ClickAsync();
        await Assertions.Expect(page.Locator(".field__error")).ToContainTextAsync("请填写解除原因");
        await visitor.AssertPageHealthyAsync();
        await page.GetByLabel("解除原因").FillAsync("本人反映账号被他人冒认");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认解除认领" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("released")).ToContainTextAsync("已解除 刘洋（R1002）的认领");
        await graduate.RefreshAsync();
        Assert.Empty((await graduate.GetJsonAsync("/api/me"))["roles"]!.AsArray());

        // A new code for the released graduate, from the search.
        await visitor.GoToAsync("/centre/roster?q=刘洋");
        await page.GetByRole(AriaRole.Button, new() { Name = "为 刘洋 生成激活码" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("activation-codes").Locator("tbody tr")).ToHaveCountAsync(1);
        var fresh = await page.GetByTestId("activation-codes").Locator("[data-code]").InnerTextAsync();
        Assert.NotEqual(code, fresh);
        await visitor.AssertPageHealthyAsync();
        await visitor.ResizeAsync(Screen.Desktop);
        await visitor.ScreenshotAsync("centre-roster-desktop");
    }

    [Fact]
    public async Task A_centre_records_a_pair_activity_and_reads_the_pairs_record()
    {
        var centre = await app.CentreAccountAsync();
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        await visitor.SignInAsync(centre);
        await visitor.GoToAsync("/centre/activities");
        var page = visitor.Page;
        await Assertions.Expect(page.GetByText("还没有活动记录")).ToBeVisibleAsync();
        await visitor.AssertPageHealthyAsync();

        await page.GetByLabel("活动名称").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存活动记录" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("请填写活动名称");

        await page.GetByLabel("活动类型").SelectOptionAsync(new SelectOptionValue { Label = "就业指导课" });
        await page.GetByLabel("活动名称").FillAsync("简历写作与面试技巧直播课");
        await page.GetByLabel("参与人数").FillAsync("320");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存活动记录" }).ClickAsync();
        await Assertions.Expect(page.GetByText("已记录这次活动。")).ToBeVisibleAsync();
        var row = page.Locator("tr[data-kind=course]");
        await Assertions.Expect(row).ToContainTextAsync("简历写作与面试技巧直播课");
        await Assertions.Expect(row).ToContainTextAsync("320");
        await Assertions.Expect(page.GetByTestId("activities-total")).ToHaveTextAsync("共 1 次活动");
        await visitor.ScreenshotAsync("centre-activities-phone");
        await visitor.AssertPageHealthyAsync();

        // The pair's dashboard counts it, in the chart's table and in the table's CSV.
        var (pairId, supported, _) = await app.FirstPairAsync();
        using (var host = await app.CentreAsync(supported)) await host.CreateFairAsync(pairId, "结对专场双选会");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "就业中心栏目" }).GetByRole(AriaRole.Link, new() { Name = "结对数据" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/centre/pair", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("[data-table=activities] tbody tr", new() { HasText = "就业指导课" })).ToContainTextAsync("1");
        await Assertions.Expect(page.Locator("[data-table=fairs] tbody tr", new() { HasText = "结对专场双选会" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-table=fairs] svg[role=img]")).ToHaveCountAsync(1);
        var href = await page.Locator("[data-csv=activities]").GetAttributeAsync("href");
        var csv = await (await page.Context.APIRequest.GetAsync(new Uri(visitor.Site, href).ToString())).BodyAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        Assert.Contains("就业指导课,1", Encoding.UTF8.GetString(csv[3..]), StringComparison.Ordinal);
        await visitor.ScreenshotAsync("centre-pair-phone");
        await visitor.AssertPageHealthyAsync();
    }

    [Fact]
    public async Task A_host_vets_with_the_employers_history_and_invites_another_employer_by_name()
    {
        var (pairId, university, _) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(university);
        var earlier = await host.CreateFairAsync(pairId, "春季双选会");
        var fairId = await host.CreateFairAsync(pairId, "秋季双选会");
        var (veteran, veteranId) = await app.RecruiterAsync("楚天智能制造有限公司");
        using var _ = veteran;
        await host.ApproveAsync(veteran, earlier, veteranId);
        await Api.Expect(await veteran.PostAsync($"/api/fairs/{fairId}/participations", new { message = "希望参加秋季双选会" }), HttpStatusCode.Created);
        var (guest, guestId) = await app.RecruiterAsync("江城物流集团有限公司");
        using var __ = guest;

        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        await visitor.SignInAsync(new Account(host.Email!));
        var page = visitor.Page;
        var card = page.Locator($"[data-employer-id='{veteranId}'][data-fair-id='{fairId}']");
        await Assertions.Expect(card.GetByTestId("employer-history")).ToContainTextAsync("申请或受邀 1 场，通过 1 场，未通过 0 场");
        await visitor.ScreenshotAsync("centre-vetting-history-phone");
        await visitor.AssertPageHealthyAsync();

        await visitor.GoToAsync($"/centre/fairs/{fairId}");
        await page.GetByLabel("信用代码或单位名称").FillAsync("江城物流");
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await page.GetByLabel("邀请留言（选填）").FillAsync("诚邀贵单位参加秋季双选会");
        await page.GetByRole(AriaRole.Button, new() { Name = "邀请 江城物流集团有限公司" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("invited")).ToContainTextAsync("已向 江城物流集团有限公司 发出邀请");
        await Assertions.Expect(page.GetByTestId("open-invitations").Locator($"[data-employer-id='{guestId}']")).ToContainTextAsync("已邀请");
        await visitor.ScreenshotAsync("centre-invite-phone");
        await visitor.AssertPageHealthyAsync();

        // The employer's recruiters see the invitation and accept it: approved without vetting.
        var mine = await guest.GetJsonAsync("/api/employers/me/participations");
        Assert.Equal("invited", (string?)mine.Items().Single(p => (string?)p!["fairId"] == fairId.ToString())!["status"]);
        await Api.Expect(await guest.PostAsync($"/api/fairs/{fairId}/participations/accept", null), HttpStatusCode.OK);
    }

    public static TheoryData<string> Sizes => new(Screen.Both.Select(s => s.Name));
}
