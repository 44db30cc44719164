using System.Net;
using System.Text.Json.Nodes;
using JobFair.Tests.Support;

namespace JobFair.Tests.Booths;

/// <summary>A walk-up line at a booth as its students and recruiters live it, one request at a time.</summary>
public sealed class BoothTests(BoothApp app) : IClassFixture<BoothApp>
{
    [Fact]
    public async Task An_open_booth_takes_walk_ups_first_come_first_served_and_shows_its_line()
    {
        var scene = await app.FairSceneAsync();
        var booth = await scene.Recruiter.OpenBoothAsync(scene, cap: 50, minutesPerTalk: 10);
        Assert.True((bool)booth["open"]!);
        Assert.Equal("open", (string?)booth["status"]);
        Assert.Equal(50, (int)booth["cap"]!);
        Assert.Equal(0, (int)booth["waiting"]!);
        var students = await app.StudentsAsync(scene, 3, major: "电子信息工程");

        var joined = new List<JsonNode>();
        foreach (var student in students) joined.Add(await student.JoinedAsync(scene));

        Assert.Equal([1, 2, 3], joined.Select(j => (int)j["position"]!));
        Assert.Equal([0, 1, 2], joined.Select(j => (int)j["ahead"]!));
        // No talks yet: the estimate is the recruiters' 10 minutes a talk, half a talk for the first, shown as a wide range.
        Assert.Equal([5, 15, 25], joined.Select(j => (int)j["etaMinutes"]!));
        Assert.All(joined, j => Assert.True((int)j["etaMinutesLow"]! < (int)j["etaMinutes"]! && (int)j["etaMinutes"]! < (int)j["etaMinutesHigh"]!));

        var line = await scene.Recruiter.GetJsonAsync(scene.Line());
        Assert.Equal(3, (int)line["total"]!);
        Assert.Equal(joined.Select(j => (string?)j["id"]), line.Items().Select(i => (string?)i!["entryId"]));
        Assert.Equal([1, 2, 3], line.Items().Select(i => (int)i!["position"]!));
        Assert.Equal("排队学生000", (string?)line.Items()[0]!["student"]!["name"]);
        Assert.Equal("武汉东湖学院", (string?)line.Items()[0]!["student"]!["university"]);
        Assert.Equal("电子信息工程", (string?)line.Items()[0]!["student"]!["major"]);
        Assert.Empty(line["called"]!.AsArray());
        var secondPage = await scene.Recruiter.GetJsonAsync(scene.Line() + "?page=2&pageSize=2");
        Assert.Equal(3, (int)secondPage["total"]!);
        Assert.Equal(3, (int)secondPage.Items().Single()!["position"]!);

        var mine = await students[1].MyEntryAsync(scene);
        Assert.Equal(("waiting", 2, 1), ((string?)mine["status"], (int)mine["position"]!, (int)mine["ahead"]!));

        using var anonymous = app.Anonymous();
        var listed = (await anonymous.GetJsonAsync($"/api/fairs/{scene.FairId}/booths")).Items().Single(b => (string?)b!["employerId"] == scene.EmployerId.ToString())!;
        Assert.Equal((true, 3, 35), ((bool)listed["open"]!, (int)listed["waiting"]!, (int)listed["etaMinutes"]!));
        Assert.Equal(3, (int)(await anonymous.GetJsonAsync(scene.Booth()))["waiting"]!);
    }

    [Fact]
    public async Task Joining_is_refused_in_the_contracts_order_with_the_reason()
    {
        var scene = await app.FairSceneAsync();
        var (otherRecruiter, otherEmployer) = await app.SecondEmployerAsync(scene);
        var (thirdRecruiter, thirdEmployer) = await app.SecondEmployerAsync(scene);
        var (_, fourthEmployer) = await app.SecondEmployerAsync(scene);
        var students = await app.StudentsAsync(scene, 2);
        var (first, second) = (students[0], students[1]);

        // A booth nobody has opened yet is closed.
        await Api.ExpectProblem(await first.JoinAsync(scene), HttpStatusCode.Conflict, "booth_closed");
        await scene.Recruiter.OpenBoothAsync(scene, cap: 1);
        await first.JoinedAsync(scene);
        await Api.ExpectProblem(await first.JoinAsync(scene), HttpStatusCode.Conflict, "already_queued");
        var full = await Api.ExpectProblem(await second.JoinAsync(scene), HttpStatusCode.Conflict, "queue_full");
        Assert.Equal(1, (int)full["waiting"]!);
        Assert.Equal(1, (int)full["cap"]!);

        // Three lines at once at most; the fourth is refused even where the booth is closed (the student's own state comes first).
        await otherRecruiter.OpenBoothAsync(scene, employerId: otherEmployer);
        await thirdRecruiter.OpenBoothAsync(scene, employerId: thirdEmployer);
        await first.JoinedAsync(scene, otherEmployer);
        await first.JoinedAsync(scene, thirdEmployer);
        await Api.ExpectProblem(await first.JoinAsync(scene, fourthEmployer), HttpStatusCode.Conflict, "too_many_queues");
        await Api.Expect(await first.LeaveAsync(scene, otherEmployer), HttpStatusCode.NoContent);
        await Api.ExpectProblem(await first.JoinAsync(scene, fourthEmployer), HttpStatusCode.Conflict, "booth_closed");
        await first.JoinedAsync(scene, otherEmployer);

        // Who may queue at all.
        var (outsider, _) = await app.StudentAsync(await app.UniversityIdAsync("北京大学"));
        await Api.ExpectProblem(await outsider.JoinAsync(scene, otherEmployer), HttpStatusCode.Forbidden, "not_host_student");
        await Api.ExpectProblem(await scene.Recruiter.JoinAsync(scene), HttpStatusCode.Forbidden);
        using var anonymous = app.Anonymous();
        await Api.ExpectProblem(await anonymous.JoinAsync(scene), HttpStatusCode.Unauthorized);
        await Api.ExpectProblem(await second.PostAsync($"/api/fairs/{Guid.NewGuid()}/booths/{scene.EmployerId}/queue", null), HttpStatusCode.NotFound);
        var (_, notApproved) = await app.RecruiterAsync();
        await Api.ExpectProblem(await second.JoinAsync(scene, notApproved), HttpStatusCode.NotFound);

        // Nothing was changed by any refusal.
        Assert.Equal(1, (int)(await scene.Recruiter.GetJsonAsync(scene.Line()))["total"]!);
        await Api.ExpectProblem(await second.GetAsync(scene.Line()), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Next_calls_the_first_waiting_student_into_a_room_and_everyone_behind_moves_up()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var students = await app.StudentsAsync(scene, 3);
        var entries = new List<Guid>();
        foreach (var student in students) entries.Add((await student.JoinedAsync(scene)).Id());

        var called = await scene.Recruiter.CalledAsync(scene);
        Assert.Equal(entries[0], called.Id("entryId"));
        Assert.Equal($"/rooms/{entries[0]}", (string?)called["roomUrl"]);
        Assert.Equal("排队学生000", (string?)called["student"]!["name"]);
        Assert.Equal("武汉东湖学院", (string?)called["student"]!["university"]);

        var firstView = await students[0].MyEntryAsync(scene);
        Assert.Equal(("called", $"/rooms/{entries[0]}"), ((string?)firstView["status"], (string?)firstView["roomUrl"]));
        Assert.Null(firstView["position"]);
        Assert.Equal((1, 0), ((int)(await students[1].MyEntryAsync(scene))["position"]!, (int)(await students[1].MyEntryAsync(scene))["ahead"]!));
        var line = await scene.Recruiter.GetJsonAsync(scene.Line());
        Assert.Equal(2, (int)line["total"]!);
        Assert.Equal(entries[0].ToString(), (string?)line["called"]![0]!["entryId"]);
        Assert.Equal(2, (int)line["booth"]!["waiting"]!);

        Assert.Equal(entries[1], (await scene.Recruiter.CalledAsync(scene)).Id("entryId"));
        Assert.Equal(entries[2], (await scene.Recruiter.CalledAsync(scene)).Id("entryId"));
        await Api.ExpectProblem(await scene.Recruiter.NextAsync(scene), HttpStatusCode.Conflict, "queue_empty");
        var notified = await students[0].GetJsonAsync("/api/me/notifications");
        Assert.Contains(notified.Items(), n => (string?)n!["kind"] == "queue_called" && (string?)n["link"] == $"/rooms/{entries[0]}");
    }

    [Fact]
    public async Task Leaving_moves_those_behind_up_and_the_student_is_told()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var students = await app.StudentsAsync(scene, 3);
        foreach (var student in students) await student.JoinedAsync(scene);

        await Api.Expect(await students[0].LeaveAsync(scene), HttpStatusCode.NoContent);
        await Api.Expect(await students[0].LeaveAsync(scene), HttpStatusCode.NoContent); // not in line any more: nothing to do

        Assert.Equal(("departed", "left"), Status(await students[0].MyEntryAsync(scene)));
        Assert.Equal(1, (int)(await students[1].MyEntryAsync(scene))["position"]!);
        Assert.Equal(2, (int)(await students[2].MyEntryAsync(scene))["position"]!);
        Assert.Equal(2, (int)(await scene.Recruiter.GetJsonAsync(scene.Line()))["total"]!);
        Assert.Single(await QueueNotificationsAsync(students[0], "queue_left"));
        Assert.Empty(await QueueNotificationsAsync(students[1], "queue_left"));
        // Back in at the end of the line.
        Assert.Equal(3, (int)(await students[0].JoinedAsync(scene))["position"]!);
    }

    [Fact]
    public async Task A_called_student_who_does_not_come_is_skipped_told_why_and_may_join_again()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var students = await app.StudentsAsync(scene, 3);
        var entries = new List<Guid>();
        foreach (var student in students) entries.Add((await student.JoinedAsync(scene)).Id());

        await Api.ExpectProblem(await scene.Recruiter.SkipAsync(scene, entries[1]), HttpStatusCode.Conflict, "not_called"); // still waiting
        await Api.ExpectProblem(await scene.Recruiter.SkipAsync(scene, Guid.NewGuid()), HttpStatusCode.NotFound);
        await scene.Recruiter.CalledAsync(scene);
        var skipped = await Api.Expect(await scene.Recruiter.SkipAsync(scene, entries[0]), HttpStatusCode.OK);
        Assert.Equal(("skipped", "skipped"), ((string?)skipped["status"], (string?)skipped["reason"]));
        Assert.Equal("skipped", (string?)(await Api.Expect(await scene.Recruiter.SkipAsync(scene, entries[0]), HttpStatusCode.OK))["status"]);
        Assert.Equal(("skipped", "skipped"), Status(await students[0].MyEntryAsync(scene)));
        var told = Assert.Single(await QueueNotificationsAsync(students[0], "queue_left"));
        Assert.Contains("跳过", (string?)told["body"], StringComparison.Ordinal);
        await Api.ExpectProblem(await students[0].EnterAsync(scene), HttpStatusCode.Conflict, "call_expired");

        // Skipped means out of line, not out of the fair: joining again puts them at the end.
        var again = await students[0].JoinedAsync(scene);
        Assert.Equal(3, (int)again["position"]!);

        // A student who came into the room is talking, not a no-show.
        var second = await scene.Recruiter.CalledAsync(scene);
        Assert.Equal(entries[1], second.Id("entryId"));
        var entered = await Api.Expect(await students[1].EnterAsync(scene), HttpStatusCode.OK);
        Assert.Equal($"/rooms/{entries[1]}", (string?)entered["roomUrl"]);
        await Api.ExpectProblem(await scene.Recruiter.SkipAsync(scene, entries[1]), HttpStatusCode.Conflict, "student_came");
        Assert.Equal("served", (string?)(await Api.Expect(await scene.Recruiter.DoneAsync(scene, entries[1]), HttpStatusCode.OK))["status"]);
        await Api.ExpectProblem(await scene.Recruiter.SkipAsync(scene, entries[1]), HttpStatusCode.Conflict, "not_called");
        Assert.Empty(await QueueNotificationsAsync(students[1], "queue_left"));
    }

    [Fact]
    public async Task A_call_left_unanswered_for_sixty_seconds_is_skipped_by_the_clock_and_the_student_told()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var students = await app.StudentsAsync(scene, 2);
        var entry = (await students[0].JoinedAsync(scene)).Id();
        await students[1].JoinedAsync(scene);
        await scene.Recruiter.CalledAsync(scene);

        app.Clock!.Advance(TimeSpan.FromSeconds(58));
        Assert.Equal("called", (string?)(await students[0].MyEntryAsync(scene))["status"]);
        Assert.Empty(await QueueNotificationsAsync(students[0], "queue_left"));

        app.Clock.Advance(TimeSpan.FromSeconds(3)); // past the 60 seconds: the expiry timer comes due
        await Eventually.True(async () => (string?)(await students[0].MyEntryAsync(scene))["status"] == "skipped", "the call to expire");
        Assert.Equal(("skipped", "call_expired"), Status(await students[0].MyEntryAsync(scene)));
        var told = Assert.Single(await QueueNotificationsAsync(students[0], "queue_left"));
        Assert.Contains("60 秒", (string?)told["body"], StringComparison.Ordinal);
        await Api.ExpectProblem(await students[0].EnterAsync(scene), HttpStatusCode.Conflict, "call_expired");
        Assert.Empty((await scene.Recruiter.GetJsonAsync(scene.Line()))["called"]!.AsArray());
        // The one behind was never called and is untouched.
        Assert.Equal(("waiting", 1), ((string?)(await students[1].MyEntryAsync(scene))["status"], (int)(await students[1].MyEntryAsync(scene))["position"]!));
        Assert.Equal(2, (int)(await students[0].JoinedAsync(scene))["position"]!);
        Assert.NotEqual(entry, (await students[0].MyEntryAsync(scene)).Id());
    }

    [Fact]
    public async Task Pausing_keeps_the_line_closing_sends_it_away_and_each_student_is_told_why()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene, minutesPerTalk: 8);
        var students = await app.StudentsAsync(scene, 3);
        await students[0].JoinedAsync(scene);
        await students[1].JoinedAsync(scene);

        var paused = await Api.Expect(await scene.Recruiter.SetBoothAsync(scene, new { open = false, status = "paused" }), HttpStatusCode.OK);
        Assert.Equal((false, "paused", 8, 2), ((bool)paused["open"]!, (string?)paused["status"], (int)paused["minutesPerTalk"]!, (int)paused["waiting"]!));
        await Api.ExpectProblem(await students[2].JoinAsync(scene), HttpStatusCode.Conflict, "booth_closed");
        await scene.Recruiter.CalledAsync(scene); // those already waiting are still served

        var closed = await Api.Expect(await scene.Recruiter.SetBoothAsync(scene, new { open = false }), HttpStatusCode.OK);
        Assert.Equal(("closed", 0), ((string?)closed["status"], (int)closed["waiting"]!));
        Assert.Equal(("departed", "booth_closed"), Status(await students[1].MyEntryAsync(scene)));
        var told = Assert.Single(await QueueNotificationsAsync(students[1], "queue_left"));
        Assert.Contains("关闭", (string?)told["body"], StringComparison.Ordinal);
        // The called student is in their talk, not in the line: closing does not touch them.
        Assert.Equal("called", (string?)(await students[0].MyEntryAsync(scene))["status"]);
        Assert.Empty(await QueueNotificationsAsync(students[0], "queue_left"));

        await scene.Recruiter.OpenBoothAsync(scene);
        Assert.Equal(1, (int)(await students[1].JoinedAsync(scene))["position"]!);
    }

    [Fact]
    public async Task The_fair_ending_ends_every_line_and_tells_each_student_why()
    {
        var scene = await app.FairSceneAsync();
        var (otherRecruiter, otherEmployer) = await app.SecondEmployerAsync(scene);
        await scene.Recruiter.OpenBoothAsync(scene);
        await otherRecruiter.OpenBoothAsync(scene, employerId: otherEmployer);
        var students = await app.StudentsAsync(scene, 2);
        await students[0].JoinedAsync(scene);
        await students[0].JoinedAsync(scene, otherEmployer);
        await students[1].JoinedAsync(scene, otherEmployer);

        await Api.Expect(await scene.Host.PostAsync($"/api/fairs/{scene.FairId}/close", null), HttpStatusCode.OK);

        await Eventually.True(async () => (string?)(await students[1].MyEntryAsync(scene, otherEmployer))["status"] == "departed",
            "the fair's end to reach the lines");
        Assert.Equal(("departed", "fair_ended"), Status(await students[0].MyEntryAsync(scene)));
        Assert.Equal(("departed", "fair_ended"), Status(await students[0].MyEntryAsync(scene, otherEmployer)));
        Assert.Equal(2, (await QueueNotificationsAsync(students[0], "queue_left")).Count(n => ((string?)n["body"])!.Contains("双选会已结束", StringComparison.Ordinal)));
        Assert.Single(await QueueNotificationsAsync(students[1], "queue_left"));
        using var anonymous = app.Anonymous();
        Assert.All((await anonymous.GetJsonAsync($"/api/fairs/{scene.FairId}/booths")).Items(), b => Assert.Equal("closed", (string?)b!["status"]));
        await Api.ExpectProblem(await students[1].JoinAsync(scene), HttpStatusCode.Conflict, "fair_closed");
        await Api.ExpectProblem(await scene.Recruiter.SetBoothAsync(scene, new { open = true }), HttpStatusCode.Conflict, "fair_closed");
    }

    [Fact]
    public async Task The_wait_estimate_learns_from_the_booths_own_talks_and_is_shared_among_the_recruiters_serving()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene, minutesPerTalk: 10);
        var students = await app.StudentsAsync(scene, 4);
        // Eight talks of four minutes each, the student coming into the room at once each time.
        for (var talk = 0; talk < 8; talk++)
        {
            var student = students[talk % 2];
            var entry = (await student.JoinedAsync(scene)).Id();
            Assert.Equal(entry, (await scene.Recruiter.CalledAsync(scene)).Id("entryId"));
            await Api.Expect(await student.EnterAsync(scene), HttpStatusCode.OK);
            app.Clock!.Advance(TimeSpan.FromMinutes(4));
            await Api.Expect(await scene.Recruiter.DoneAsync(scene, entry), HttpStatusCode.OK);
        }

        await students[2].JoinedAsync(scene);
        var third = await students[3].JoinedAsync(scene);
        // One ahead at 4 minutes a talk: one and a half talks, and a tight range now that the talks agree.
        Assert.Equal((2, 6, 4, 8), ((int)third["position"]!, (int)third["etaMinutes"]!, (int)third["etaMinutesLow"]!, (int)third["etaMinutesHigh"]!));

        // A second recruiter starts calling: the same line, served twice as fast.
        var colleague = await app.ColleagueAsync(scene);
        var called = await colleague.CalledAsync(scene);
        Assert.Equal("排队学生002", (string?)called["student"]!["name"]);
        var mine = await students[3].MyEntryAsync(scene);
        Assert.Equal((1, 1, 0, 2), ((int)mine["position"]!, (int)mine["etaMinutes"]!, (int)mine["etaMinutesLow"]!, (int)mine["etaMinutesHigh"]!));
        using var anonymous = app.Anonymous();
        Assert.Equal(2, (int)(await anonymous.GetJsonAsync(scene.Booth()))["serving"]!);
    }

    [Fact]
    public async Task Only_the_employers_recruiters_run_its_line_and_only_hosts_read_the_booth_figures()
    {
        var scene = await app.FairSceneAsync();
        var (otherRecruiter, otherEmployer) = await app.SecondEmployerAsync(scene);
        await scene.Recruiter.OpenBoothAsync(scene);
        var students = await app.StudentsAsync(scene, 1);
        var entry = (await students[0].JoinedAsync(scene)).Id();

        foreach (var response in new[]
                 {
                     await otherRecruiter.NextAsync(scene), await otherRecruiter.SkipAsync(scene, entry), await otherRecruiter.DoneAsync(scene, entry),
                     await otherRecruiter.GetAsync(scene.Line()), await otherRecruiter.SetBoothAsync(scene, new { open = false }),
                 })
            await Api.ExpectProblem(response, HttpStatusCode.Forbidden, "not_own_booth");
        // An entry of another booth is no entry of this one.
        await otherRecruiter.OpenBoothAsync(scene, employerId: otherEmployer);
        await Api.ExpectProblem(await otherRecruiter.SkipAsync(scene with { EmployerId = otherEmployer }, entry), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await students[0].NextAsync(scene), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await scene.Host.GetAsync(scene.Line()), HttpStatusCode.Forbidden);
        using var anonymous = app.Anonymous();
        await Api.ExpectProblem(await anonymous.GetAsync(scene.Line()), HttpStatusCode.Unauthorized);
        await Api.ExpectProblem(await anonymous.GetAsync($"/api/fairs/{Guid.NewGuid()}/booths"), HttpStatusCode.NotFound);
        var (_, notApproved) = await app.RecruiterAsync();
        await Api.ExpectProblem(await anonymous.GetAsync(scene.Booth(notApproved)), HttpStatusCode.NotFound);
        Assert.Equal(1, (int)(await scene.Recruiter.GetJsonAsync(scene.Line()))["total"]!);

        var figures = $"/api/fairs/{scene.FairId}/booths/figures";
        await scene.Host.GetJsonAsync(figures);
        using var partner = await app.CentreAsync(scene.SupportingId);
        await partner.GetJsonAsync(figures);
        using var stranger = await app.CentreAsync(await app.UniversityIdAsync("北京大学"));
        await Api.ExpectProblem(await stranger.GetAsync(figures), HttpStatusCode.Forbidden, "not_host");
        await Api.ExpectProblem(await scene.Recruiter.GetAsync(figures), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Booth_settings_are_validated_before_anything_changes()
    {
        var scene = await app.FairSceneAsync();
        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { cap = 10 }, "open"), (new { open = true, cap = 0 }, "cap"), (new { open = true, cap = 2001 }, "cap"),
                     (new { open = true, minutesPerTalk = 0 }, "minutesPerTalk"), (new { open = true, status = "busy" }, "status"),
                     (new { open = true, status = "paused" }, "status"),
                 })
        {
            var problem = await Api.ExpectProblem(await scene.Recruiter.SetBoothAsync(scene, body), HttpStatusCode.BadRequest);
            Assert.True(problem["errors"]![field] is not null, $"{field} should be named in {problem}");
        }
        using var anonymous = app.Anonymous();
        Assert.Equal("closed", (string?)(await anonymous.GetJsonAsync(scene.Booth()))["status"]);
        await Api.ExpectProblem(await anonymous.GetAsync($"/api/fairs/{scene.FairId}/booths?pageSize=101"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_hosts_see_talks_held_waits_talk_lengths_and_no_shows_per_booth()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var students = await app.StudentsAsync(scene, 3);
        foreach (var student in students) await student.JoinedAsync(scene);

        app.Clock!.Advance(TimeSpan.FromMinutes(2));
        var first = (await scene.Recruiter.CalledAsync(scene)).Id("entryId");
        await Api.Expect(await students[0].EnterAsync(scene), HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        var second = (await scene.Recruiter.CalledAsync(scene)).Id("entryId"); // "next" ends the talk in progress
        await Api.Expect(await scene.Recruiter.SkipAsync(scene, second), HttpStatusCode.OK);
        await Api.Expect(await students[2].LeaveAsync(scene), HttpStatusCode.NoContent);

        var figures = await scene.Host.GetJsonAsync($"/api/fairs/{scene.FairId}/booths/figures");
        var booth = figures.Items().Single()!;
        Assert.Equal(scene.EmployerId.ToString(), (string?)booth["employerId"]);
        Assert.Equal((1, 1, 1, 0), ((int)booth["talks"]!, (int)booth["noShows"]!, (int)booth["departed"]!, (int)booth["waiting"]!));
        Assert.Equal(6.0, (double)booth["medianTalkMinutes"]!);
        Assert.Equal(5.0, (double)booth["medianWaitMinutes"]!); // called after 2 and after 8 minutes
        Assert.Equal(1, (int)figures["totals"]!["talks"]!);
        Assert.Equal("served", (string?)(await students[0].MyEntryAsync(scene))["status"]);
        Assert.Equal(first, (await students[0].MyEntryAsync(scene)).Id());
    }

    private static (string?, string?) Status(JsonNode entry) => ((string?)entry["status"], (string?)entry["reason"]);

    private static async Task<List<JsonNode>> QueueNotificationsAsync(Api student, string kind) =>
        (await student.GetJsonAsync("/api/me/notifications?pageSize=100")).Items().Where(n => (string?)n!["kind"] == kind).Select(n => n!).ToList();
}
