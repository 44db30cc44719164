using System.Net;
using JobFair.Tests.Support;

namespace JobFair.Tests.Booths;

/// <summary>Queueing at a booth from the fair page, and the recruiter's booth console, as served (no browser).</summary>
public sealed class BoothPageTests(BoothApp app) : IClassFixture<BoothApp>
{
    [Fact]
    public async Task A_student_queues_from_the_fair_page_sees_place_one_after_the_redirect_and_a_second_press_is_refused_in_Chinese()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var student = (await app.StudentsAsync(scene, 1)).Single();
        using var pages = Pages.For(app);
        await pages.SignInAsync(student.Email!);

        var page = await pages.GetAsync($"/fairs/{scene.FairId}");
        var button = page.Form("join").QuerySelector($"button[name='Join.EmployerId'][value='{scene.EmployerId}']");
        Assert.Equal("排队", button!.TextContent.Trim());
        var fields = new Dictionary<string, string> { ["Join.EmployerId"] = scene.EmployerId.ToString() };

        // Post, redirect, get: a reload of what the student sees posts nothing again.
        var answer = await pages.SubmitAsync(page, "join", fields);
        Assert.Equal(HttpStatusCode.Found, answer.Status);
        Assert.Equal($"/fairs/{scene.FairId}", answer.Location);
        var joined = await pages.FollowAsync(answer);
        Assert.Empty(joined.Errors);
        Assert.Equal("您在队伍中排第 1 位。", joined.Document.QuerySelector("[data-testid=queue-place]")!.TextContent.Trim());
        Assert.Equal("下一位就轮到您，请留意叫号。", joined.Document.QuerySelector("[data-testid=queue-eta]")!.TextContent.Trim());
        // The booth's row says the student is in its line instead of offering to queue again.
        var row = joined.Document.QuerySelector($"[data-booth-id='{scene.EmployerId}']")!;
        Assert.Contains("已在排队", row.TextContent);
        Assert.Null(row.QuerySelector("button"));
        Assert.Single((await scene.Recruiter.GetJsonAsync(scene.Line())).Items());

        var again = await pages.SubmitAsync(page, "join", fields);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(["您已在这个展位排队。"], again.Errors);
        Assert.Single((await scene.Recruiter.GetJsonAsync(scene.Line())).Items());

        var leaving = await pages.SubmitAsync(joined, "leave", new Dictionary<string, string> { ["Leave.EmployerId"] = scene.EmployerId.ToString() });
        Assert.Equal(HttpStatusCode.Found, leaving.Status);
        var left = await pages.FollowAsync(leaving);
        Assert.Empty(left.Errors);
        Assert.Equal("您已离开队伍。", left.Document.QuerySelector("[data-testid=queue-left]")!.TextContent.Trim());
        Assert.Null(left.Document.QuerySelector("[data-testid=queue-place]"));
        Assert.Empty((await scene.Recruiter.GetJsonAsync(scene.Line())).Items());
        student.Dispose();
    }

    [Fact]
    public async Task A_plain_reload_shows_the_students_place_the_people_ahead_and_an_honest_wait_and_once_called_the_room()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene, minutesPerTalk: 10);
        var students = await app.StudentsAsync(scene, 3);
        foreach (var s in students) await s.JoinedAsync(scene);
        using var pages = Pages.For(app);
        await pages.SignInAsync(students[2].Email!);

        var page = await pages.GetAsync($"/fairs/{scene.FairId}");
        var place = page.Document.QuerySelector("[data-testid=my-place]")!;
        Assert.Equal("您在队伍中排第 3 位。", place.QuerySelector("[data-testid=queue-place]")!.TextContent.Trim());
        // The same figures the line gives the student through the API.
        var mine = await students[2].MyEntryAsync(scene);
        var (low, high) = ((int)mine["etaMinutesLow"]!, (int)mine["etaMinutesHigh"]!);
        var eta = place.QuerySelector("[data-testid=queue-eta]")!.TextContent.Trim();
        Assert.Equal(low == high ? $"前面还有 2 人，预计等待约 {(int)mine["etaMinutes"]!} 分钟。" : $"前面还有 2 人，预计等待 {low}–{high} 分钟。", eta);
        Assert.NotNull(place.QuerySelector("[data-testid=queue-call]")!.GetAttribute("hidden"));

        await scene.Recruiter.CalledAsync(scene);
        await scene.Recruiter.CalledAsync(scene);
        var called = await scene.Recruiter.CalledAsync(scene);
        Assert.Equal("排队学生002", (string?)called["student"]!["name"]);

        page = await pages.GetAsync($"/fairs/{scene.FairId}");
        var call = page.Document.QuerySelector("[data-testid=queue-call]")!;
        Assert.Null(call.GetAttribute("hidden"));
        Assert.Equal($"/rooms/{called.Id("entryId")}", call.QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(page.Document.QuerySelector("[data-testid=queue-place]")!.GetAttribute("hidden"));
        foreach (var s in students) s.Dispose();
    }

    [Fact]
    public async Task The_start_page_shows_every_line_the_student_stands_in_with_place_and_wait_the_call_and_leaving_one_says_so()
    {
        var first = await app.FairSceneAsync();
        var second = await app.FairSceneAsync("前端开发工程师");
        await first.Recruiter.OpenBoothAsync(first, minutesPerTalk: 10);
        await second.Recruiter.OpenBoothAsync(second);
        var students = await app.StudentsAsync(first, 2); // [0] stands ahead at the first booth, [1] is ours
        var student = students[1];
        using var pages = Pages.For(app);
        await pages.SignInAsync(student.Email!);
        Assert.Null((await pages.GetAsync("/me")).Document.QuerySelector("#lines"));

        await students[0].JoinedAsync(first);
        var mine = await student.JoinedAsync(first);
        app.Clock!.Advance(TimeSpan.FromSeconds(5)); // a little later, at the other fair (the test clock stands still otherwise)
        var other = await student.JoinedAsync(second);
        var page = await pages.GetAsync("/me");
        Assert.Equal("我的排队", page.Document.QuerySelector("#lines-title")!.TextContent.Trim());
        var cards = page.Document.QuerySelectorAll("[data-testid=my-place]");
        Assert.Equal(2, cards.Length);
        // Oldest first, each naming its fair (a link to its booths) and telling place and wait as the line does.
        Assert.Equal($"/fairs/{first.FairId}#booths", cards[0].QuerySelector(".queue-place__fair a")!.GetAttribute("href"));
        Assert.Equal("您在队伍中排第 2 位。", cards[0].QuerySelector("[data-testid=queue-place]")!.TextContent.Trim());
        var entry = await student.MyEntryAsync(first);
        var (low, high) = ((int)entry["etaMinutesLow"]!, (int)entry["etaMinutesHigh"]!);
        Assert.Equal(low == high ? $"前面还有 1 人，预计等待约 {(int)entry["etaMinutes"]!} 分钟。" : $"前面还有 1 人，预计等待 {low}–{high} 分钟。",
            cards[0].QuerySelector("[data-testid=queue-eta]")!.TextContent.Trim());
        Assert.Equal($"/fairs/{second.FairId}#booths", cards[1].QuerySelector(".queue-place__fair a")!.GetAttribute("href"));
        Assert.Equal("您在队伍中排第 1 位。", cards[1].QuerySelector("[data-testid=queue-place]")!.TextContent.Trim());
        Assert.Equal("下一位就轮到您，请留意叫号。", cards[1].QuerySelector("[data-testid=queue-eta]")!.TextContent.Trim());

        // Called at the second booth: that card leads into the talk's room.
        var called = await second.Recruiter.CalledAsync(second);
        Assert.Equal(other.Id(), called.Id("entryId"));
        page = await pages.GetAsync("/me");
        var call = page.Document.QuerySelectorAll("[data-testid=my-place]")[1].QuerySelector("[data-testid=queue-call]")!;
        Assert.Null(call.GetAttribute("hidden"));
        Assert.Equal($"/rooms/{other.Id()}", call.QuerySelector("a")!.GetAttribute("href"));

        // Leaving the first line posts, redirects and says so; the other place stays.
        var leaving = await pages.SubmitAsync(page, "my-lines-leave", new Dictionary<string, string> { ["Leave.EntryId"] = mine.Id().ToString() });
        Assert.Equal(HttpStatusCode.Found, leaving.Status);
        Assert.StartsWith("/me?left=1", leaving.Location);
        var left = await pages.FollowAsync(leaving);
        Assert.Empty(left.Errors);
        Assert.Equal("您已离开队伍。", left.Document.QuerySelector("[data-testid=queue-left]")!.TextContent.Trim());
        Assert.Equal([$"/fairs/{second.FairId}#booths"],
            left.Document.QuerySelectorAll(".queue-place__fair a").Select(a => a.GetAttribute("href")).ToList());
        var ended = await student.MyEntryAsync(first);
        Assert.Equal(("departed", "left"), ((string)ended["status"]!, (string)ended["reason"]!));
        Assert.Equal("called", (string)(await student.MyEntryAsync(second))["status"]!);

        // The same words in English for a reader who chose it.
        Assert.Equal(HttpStatusCode.Found, (await pages.GetAsync("/language/en?returnUrl=/me")).Status);
        var english = await pages.GetAsync("/me");
        Assert.Equal("My places in line", english.Document.QuerySelector("#lines-title")!.TextContent.Trim());
        Assert.Equal("Leave the line", english.Document.QuerySelector("[data-queue-leave]")!.TextContent.Trim());
        foreach (var s in students) s.Dispose();
    }

    [Fact]
    public async Task Calling_next_on_an_empty_line_says_so_in_the_readers_language_and_calls_nobody()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        using var pages = Pages.For(app);
        await pages.SignInAsync(scene.Recruiter.Email!);

        var console = await pages.GetAsync($"/employer/booths/{scene.FairId}");
        Assert.Equal(HttpStatusCode.OK, console.Status);
        Assert.Equal("现在没有人排队。展位开放后，学生在双选会页面点“排队”就会出现在这里。",
            console.Document.QuerySelector("[data-testid=line-empty]")!.TextContent.Trim());
        var pressed = await pages.SubmitAsync(console, "next");
        Assert.Equal(HttpStatusCode.OK, pressed.Status);
        Assert.Equal(["队伍里已经没有人了。"], pressed.Errors);
        Assert.Null(pressed.Document.QuerySelector("[data-testid=called-now]"));

        // In English for a reader who chose it.
        Assert.Equal(HttpStatusCode.Found, (await pages.GetAsync("/language/en?returnUrl=/employer")).Status);
        var english = await pages.SubmitAsync(await pages.GetAsync($"/employer/booths/{scene.FairId}"), "next");
        Assert.Equal(["Nobody is waiting in the queue."], english.Errors);
        Assert.Empty((await scene.Recruiter.GetJsonAsync(scene.Line()))["called"]!.AsArray());
    }

    [Fact]
    public async Task The_console_lists_the_line_in_order_calls_the_first_into_a_room_skips_them_and_refuses_a_closed_booth()
    {
        var scene = await app.FairSceneAsync();
        var students = await app.StudentsAsync(scene, 2);
        using var pages = Pages.For(app);
        await pages.SignInAsync(scene.Recruiter.Email!);

        // A booth nobody has set is closed: opening it from the console is PUT .../booths/{employerId}.
        var console = await pages.GetAsync($"/employer/booths/{scene.FairId}");
        var saving = await pages.SubmitAsync(console, "booth",
            new Dictionary<string, string> { ["Settings.Status"] = "open", ["Settings.Cap"] = "30", ["Settings.MinutesPerTalk"] = "8" });
        Assert.Equal(HttpStatusCode.Found, saving.Status);
        var booth = await scene.Recruiter.GetJsonAsync(scene.Booth());
        Assert.Equal(("open", 30, 8), ((string)booth["status"]!, (int)booth["cap"]!, (int)booth["minutesPerTalk"]!));
        var refused = await pages.SubmitAsync(await pages.FollowAsync(saving), "booth",
            new Dictionary<string, string> { ["Settings.Status"] = "open", ["Settings.Cap"] = "drei", ["Settings.MinutesPerTalk"] = "0" });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("请填写整数。", refused.Errors);
        Assert.Equal(30, (int)(await scene.Recruiter.GetJsonAsync(scene.Booth()))["cap"]!);

        foreach (var s in students) await s.JoinedAsync(scene);
        console = await pages.GetAsync($"/employer/booths/{scene.FairId}");
        var rows = console.Document.QuerySelectorAll("[data-testid=line-row]").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("第 1 位", rows[0]);
        Assert.Contains("排队学生000", rows[0]);
        Assert.Contains("第 2 位", rows[1]);
        Assert.Contains("排队学生001", rows[1]);

        var calling = await pages.SubmitAsync(console, "next");
        Assert.Equal(HttpStatusCode.Found, calling.Status);
        var called = await pages.FollowAsync(calling);
        var line = await scene.Recruiter.GetJsonAsync(scene.Line());
        var entryId = (string)line["called"]![0]!["entryId"]!;
        var notice = called.Document.QuerySelector("[data-testid=called-now]")!;
        Assert.Contains("排队学生000", notice.TextContent);
        Assert.Equal($"/rooms/{entryId}", notice.QuerySelector("a")!.GetAttribute("href"));
        Assert.Single(called.Document.QuerySelectorAll("[data-testid=line-row]"));

        var skipping = await pages.SubmitAsync(called, "called", new Dictionary<string, string> { ["Act.Skip"] = entryId });
        Assert.Equal(HttpStatusCode.Found, skipping.Status);
        var skipped = await pages.FollowAsync(skipping);
        Assert.Null(skipped.Document.QuerySelector("[data-testid=called-row]"));
        Assert.Equal("skipped", (string)(await students[0].MyEntryAsync(scene))["status"]!);

        // Closing sends the rest away; calling then is refused in words, not with an error page.
        await Api.Expect(await scene.Recruiter.SetBoothAsync(scene, new { open = false }), HttpStatusCode.OK);
        var empty = await pages.SubmitAsync(await pages.GetAsync($"/employer/booths/{scene.FairId}"), "next");
        Assert.Equal(["队伍里已经没有人了。"], empty.Errors);
        foreach (var s in students) s.Dispose();
    }
}
