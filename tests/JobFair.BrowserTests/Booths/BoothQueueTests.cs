using System.Net;
using JobFair.BrowserTests.Support;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Booths;

/// <summary>
/// A walk-up talk end to end: the recruiter opens the booth from their console (desktop), a student
/// queues from the fair page (phone) behind a classmate, watches their place move as the recruiter
/// calls the classmate, is called, and both sides reach the talk's room. No reload on either side
/// while the line moves.
/// </summary>
[Collection(OneBrowser.Name)]
public sealed class BoothQueueTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Fact]
    public async Task A_student_queues_behind_a_classmate_moves_up_live_as_the_recruiter_calls_and_both_reach_the_talks_room()
    {
        var scene = await app.FairSceneAsync();
        var line = $"/api/fairs/{scene.FairId}/booths/{scene.EmployerId}/queue";
        var students = await StudentsAsync(scene, 2); // [0] queues first through the API, [1] is the phone
        await using var recruiter = await Visitor.OpenAsync(browsers.Browser, app, Screen.Desktop);
        await using var student = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);

        // The recruiter finds the fair under 展位排队 and opens the booth.
        await recruiter.SignInAsync(new Account(scene.Recruiter.Email!));
        await recruiter.GoToAsync("/employer/booths");
        await recruiter.AssertPageHealthyAsync();
        await recruiter.ResizeAsync(Screen.Phone);
        await recruiter.ScreenshotAsync("booths-phone");
        await recruiter.ResizeAsync(Screen.Desktop);
        await recruiter.Page.Locator($"a.button[href='/employer/booths/{scene.FairId}']").ClickAsync();
        await Assertions.Expect(recruiter.Page.GetByTestId("line-empty")).ToBeVisibleAsync();
        await recruiter.Page.GetByLabel("展位状态").SelectOptionAsync("open");
        await recruiter.Page.GetByRole(AriaRole.Button, new() { Name = "保存设置" }).ClickAsync();
        await Assertions.Expect(recruiter.Page.GetByTestId("booth-done")).ToHaveTextAsync("展位设置已保存。");
        Assert.Equal("open", (string?)(await scene.Recruiter.GetJsonAsync($"/api/fairs/{scene.FairId}/booths/{scene.EmployerId}"))["status"]);
        await recruiter.AssertPageHealthyAsync();
        await recruiter.SettleAsync();
        var consoleDocument = await recruiter.Page.EvaluateAsync<double>("() => performance.timeOrigin");

        // The classmate queues first; the console shows them without a reload.
        await Api.Expect(await students[0].PostAsync(line, null), HttpStatusCode.Created);
        await Assertions.Expect(recruiter.Page.GetByTestId("line-row")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(recruiter.Page.GetByTestId("line-row").First).ToContainTextAsync("排队学生000");

        // The student queues from the fair page on a phone: after the redirect, place 2 with one ahead.
        await student.SignInAsync(new Account(students[1].Email!));
        await student.GoToAsync($"/fairs/{scene.FairId}");
        await student.Page.Locator($"button[name='Join.EmployerId'][value='{scene.EmployerId}']").ClickAsync();
        var place = student.Page.GetByTestId("queue-place");
        await Assertions.Expect(place).ToHaveTextAsync("您在队伍中排第 2 位。");
        await Assertions.Expect(student.Page.GetByTestId("queue-eta")).ToContainTextAsync("前面还有 1 人");
        await student.AssertPageHealthyAsync();
        await student.ScreenshotAsync("booth-place-phone");
        await student.SettleAsync();
        var studentDocument = await student.Page.EvaluateAsync<double>("() => performance.timeOrigin");
        await Assertions.Expect(recruiter.Page.GetByTestId("line-row")).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        Assert.Equal(consoleDocument, await recruiter.Page.EvaluateAsync<double>("() => performance.timeOrigin"));

        // The recruiter calls the classmate: the student moves up to place 1 live.
        await recruiter.Page.GetByRole(AriaRole.Button, new() { Name = "叫下一位" }).ClickAsync();
        await Assertions.Expect(recruiter.Page.GetByTestId("called-now")).ToContainTextAsync("已叫到 排队学生000");
        await Assertions.Expect(place).ToHaveTextAsync("您在队伍中排第 1 位。", new() { Timeout = 20_000 });
        await Assertions.Expect(student.Page.GetByTestId("queue-eta")).ToHaveTextAsync("下一位就轮到您，请留意叫号。");
        await recruiter.AssertPageHealthyAsync();

        // Then the student: the call shows live, the link leads into the talk's room.
        await recruiter.Page.GetByRole(AriaRole.Button, new() { Name = "叫下一位" }).ClickAsync();
        await Assertions.Expect(recruiter.Page.GetByTestId("called-now")).ToContainTextAsync("已叫到 排队学生001");
        await Assertions.Expect(recruiter.Page.GetByTestId("line-empty")).ToBeVisibleAsync();
        await recruiter.ResizeAsync(Screen.Phone);
        await recruiter.ScreenshotAsync("booth-console-phone");
        await recruiter.ResizeAsync(Screen.Desktop);
        var entryId = (string)(await scene.Recruiter.GetJsonAsync(line))["called"]!.AsArray().Single(c => (string?)c!["student"]!["name"] == "排队学生001")!["entryId"]!;

        var call = student.Page.GetByTestId("queue-call");
        await Assertions.Expect(call).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(call.Locator("a")).ToHaveAttributeAsync("href", $"/rooms/{entryId}");
        await Assertions.Expect(call.Locator("a")).ToHaveTextAsync("进入面谈房间");
        Assert.Equal(studentDocument, await student.Page.EvaluateAsync<double>("() => performance.timeOrigin"));
        await student.AssertPageHealthyAsync();
        await student.ScreenshotAsync("booth-called-phone");

        await call.Locator("a").ClickAsync();
        await student.Page.WaitForURLAsync($"**/rooms/{entryId}");
        await Assertions.Expect(student.Page.GetByRole(AriaRole.Button, new() { Name = "加入", Exact = true })).ToBeVisibleAsync();
        await student.AssertPageHealthyAsync();

        await recruiter.Page.GetByTestId("called-now").GetByRole(AriaRole.Link, new() { Name = "进入面谈房间" }).ClickAsync();
        await recruiter.Page.WaitForURLAsync($"**/rooms/{entryId}");
        await Assertions.Expect(recruiter.Page.GetByRole(AriaRole.Button, new() { Name = "加入", Exact = true })).ToBeVisibleAsync();
        await recruiter.AssertPageHealthyAsync();
        foreach (var s in students) s.Dispose();
    }

    /// <summary>Verified students of the fair's supported university (one roster file, then their sign-ups), named 排队学生000...</summary>
    private async Task<List<Api>> StudentsAsync(FairScene scene, int count)
    {
        var roster = Enumerable.Range(0, count).Select(i => (No: StudentWorld.NewStudentNo(), Name: $"排队学生{i:D3}")).ToList();
        var codes = await scene.Host.ImportRosterCodesAsync(scene.SupportedId,
            StudentWorld.RosterHeader + "\n" + string.Join("\n", roster.Select(r => $"{r.No},{r.Name},软件工程,bachelor,2020")));
        var students = new List<Api>();
        foreach (var (no, name) in roster)
        {
            var student = await app.RegisterAsync();
            await Api.Expect(await student.ClaimAsync(scene.SupportedId, no, name, codes[no], phone: null), HttpStatusCode.OK);
            await student.RefreshAsync();
            students.Add(student);
        }
        return students;
    }
}
