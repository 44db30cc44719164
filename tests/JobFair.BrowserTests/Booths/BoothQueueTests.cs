using System.Net;
using System.Net.Http.Json;
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
        await student.Page.WaitForURLAsync($"**/rooms/{entryId}", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(student.Page.GetByRole(AriaRole.Button, new() { Name = "加入", Exact = true })).ToBeVisibleAsync();
        await student.AssertPageHealthyAsync();

        await recruiter.Page.GetByTestId("called-now").GetByRole(AriaRole.Link, new() { Name = "进入面谈房间" }).ClickAsync();
        await recruiter.Page.WaitForURLAsync($"**/rooms/{entryId}", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(recruiter.Page.GetByRole(AriaRole.Button, new() { Name = "加入", Exact = true })).ToBeVisibleAsync();
        await recruiter.AssertPageHealthyAsync();
        foreach (var s in students) s.Dispose();
    }

    [Fact]
    public async Task The_start_page_shows_each_place_live_on_a_phone_the_call_into_the_room_and_leaving_one_says_so()
    {
        var scene = await app.FairSceneAsync();
        var (otherRecruiter, otherEmployer) = await app.RecruiterAsync("排队第二展位");
        await scene.Host.ApproveAsync(otherRecruiter, scene.FairId, otherEmployer);
        var (line, otherLine) = (Line(scene, scene.EmployerId), Line(scene, otherEmployer));
        await OpenBoothAsync(scene.Recruiter, scene, scene.EmployerId);
        await OpenBoothAsync(otherRecruiter, scene, otherEmployer);
        var students = await StudentsAsync(scene, 2); // [0] stands ahead at the first booth, [1] is the phone
        await Api.Expect(await students[0].PostAsync(line, null), HttpStatusCode.Created);
        var mine = (string)(await Api.Expect(await students[1].PostAsync(line, null), HttpStatusCode.Created))["id"]!;
        await Api.Expect(await students[1].PostAsync(otherLine, null), HttpStatusCode.Created);
        await using var student = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);

        await student.SignInAsync(new Account(students[1].Email!));
        await student.GoToAsync("/me");
        await Assertions.Expect(student.Page.GetByRole(AriaRole.Heading, new() { Name = "我的排队" })).ToBeVisibleAsync();
        var cards = student.Page.GetByTestId("my-place");
        await Assertions.Expect(cards).ToHaveCountAsync(2);
        var first = cards.Nth(0);
        await Assertions.Expect(first.GetByTestId("queue-place")).ToHaveTextAsync("您在队伍中排第 2 位。");
        await Assertions.Expect(first.GetByTestId("queue-eta")).ToContainTextAsync("前面还有 1 人");
        await Assertions.Expect(cards.Nth(1).GetByTestId("queue-place")).ToHaveTextAsync("您在队伍中排第 1 位。");
        await student.AssertPageHealthyAsync();
        await student.ScreenshotAsync("me-places-phone");
        await student.SettleAsync();
        var document = await student.Page.EvaluateAsync<double>("() => performance.timeOrigin");

        // The recruiter calls the one ahead, then the student: the card moves up, then leads into the room, without a reload.
        await Api.Expect(await scene.Recruiter.PostAsync(line + "/next", null), HttpStatusCode.OK);
        await Assertions.Expect(first.GetByTestId("queue-place")).ToHaveTextAsync("您在队伍中排第 1 位。", new() { Timeout = 20_000 });
        await Assertions.Expect(first.GetByTestId("queue-eta")).ToHaveTextAsync("下一位就轮到您，请留意叫号。");
        Assert.Equal(mine, (string?)(await Api.Expect(await scene.Recruiter.PostAsync(line + "/next", null), HttpStatusCode.OK))["entryId"]);
        var call = first.GetByTestId("queue-call");
        await Assertions.Expect(call).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(call.Locator("a")).ToHaveAttributeAsync("href", $"/rooms/{mine}");
        await Assertions.Expect(call.Locator("a")).ToHaveTextAsync("进入面谈房间");
        Assert.Equal(document, await student.Page.EvaluateAsync<double>("() => performance.timeOrigin"));
        await student.AssertPageHealthyAsync();

        // Leaving the other line: the form posts, the page comes back saying so, the call stays.
        await cards.Nth(1).GetByRole(AriaRole.Button, new() { Name = "离开队伍：排队第二展位" }).ClickAsync();
        await Assertions.Expect(student.Page.GetByTestId("queue-left")).ToHaveTextAsync("您已离开队伍。");
        await Assertions.Expect(cards).ToHaveCountAsync(1);
        await Assertions.Expect(cards.Nth(0).GetByTestId("queue-call")).ToBeVisibleAsync();
        Assert.Equal("departed", (string?)(await students[1].GetJsonAsync(otherLine))["status"]);
        await student.AssertPageHealthyAsync();

        await student.Page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true }).ClickAsync();
        await Assertions.Expect(student.Page.GetByRole(AriaRole.Heading, new() { Name = "My places in line" })).ToBeVisibleAsync();
        await Assertions.Expect(cards.Nth(0).GetByTestId("queue-call").Locator("a")).ToHaveTextAsync("Enter the talk room");
        await student.AssertPageHealthyAsync();
        foreach (var s in students) s.Dispose();
    }

    [Fact]
    public async Task A_skipped_student_is_told_why_live_queues_again_from_the_same_page_and_is_told_when_their_place_is_left_elsewhere()
    {
        var scene = await app.FairSceneAsync();
        var line = Line(scene, scene.EmployerId);
        await OpenBoothAsync(scene.Recruiter, scene, scene.EmployerId);
        var students = await StudentsAsync(scene, 1);
        await using var recruiter = await Visitor.OpenAsync(browsers.Browser, app, Screen.Desktop);
        await using var student = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        await student.SignInAsync(new Account(students[0].Email!));
        await student.GoToAsync($"/fairs/{scene.FairId}");
        var join = student.Page.Locator($"button[name='Join.EmployerId'][value='{scene.EmployerId}']");
        await join.ClickAsync();
        await Assertions.Expect(student.Page.GetByTestId("queue-place")).ToHaveTextAsync("您在队伍中排第 1 位。");
        await student.SettleAsync();

        // Called from the console, then skipped there as not come.
        await recruiter.SignInAsync(new Account(scene.Recruiter.Email!));
        await recruiter.GoToAsync($"/employer/booths/{scene.FairId}");
        await recruiter.Page.GetByRole(AriaRole.Button, new() { Name = "叫下一位" }).ClickAsync();
        await Assertions.Expect(student.Page.GetByTestId("queue-call")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await recruiter.Page.GetByRole(AriaRole.Button, new() { Name = "未到场，跳过：排队学生000" }).ClickAsync();
        await Assertions.Expect(recruiter.Page.GetByTestId("called-row")).ToHaveCountAsync(0);

        // The student's card says why, and the booth's row offers 排队 again: no reload needed.
        var ended = student.Page.GetByTestId("queue-ended");
        await Assertions.Expect(ended).ToHaveTextAsync("叫号后没有等到您，您已被跳过。如仍想面谈，可以重新排队。", new() { Timeout = 20_000 });
        await Assertions.Expect(student.Page.GetByTestId("queue-call")).ToBeHiddenAsync();
        await Assertions.Expect(student.Page.GetByRole(AriaRole.Button, new() { Name = "离开队伍" })).ToHaveCountAsync(0);
        await Assertions.Expect(join).ToBeVisibleAsync();
        await student.AssertPageHealthyAsync();
        await join.ClickAsync();
        await Assertions.Expect(student.Page.GetByTestId("queue-place")).ToHaveTextAsync("您在队伍中排第 1 位。");
        var again = await students[0].GetJsonAsync(line);
        Assert.Equal(("waiting", 1), ((string?)again["status"], (int)again["position"]!));
        await student.SettleAsync();

        // Leaving from another device: this page says so too, and offers the line again.
        await Api.Expect(await students[0].Http.DeleteAsync(new Uri(line, UriKind.Relative)), HttpStatusCode.NoContent);
        await Assertions.Expect(ended).ToHaveTextAsync("您已离开这个展位的队伍。", new() { Timeout = 20_000 });
        await Assertions.Expect(join).ToBeVisibleAsync();
        await student.AssertPageHealthyAsync();
        foreach (var s in students) s.Dispose();
    }

    private static string Line(FairScene scene, Guid employerId) => $"/api/fairs/{scene.FairId}/booths/{employerId}/queue";

    private static async Task OpenBoothAsync(Api recruiter, FairScene scene, Guid employerId) =>
        await Api.Expect(await recruiter.Http.PutAsJsonAsync(new Uri($"/api/fairs/{scene.FairId}/booths/{employerId}", UriKind.Relative),
            new { open = true, cap = 100, minutesPerTalk = 10 }), HttpStatusCode.OK);

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
