using System.Globalization;
using System.Net;
using JobFair.Server.Features.Guidance.Pushes;
using JobFair.Server.Infrastructure;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Guidance;

/// <summary>
/// Positions pushed by major (推送专业对口岗位): who receives what, why, how many a day, and never
/// twice. Each test takes a pair of its own, so its graduates meet only its own positions; the
/// clock is moved by the tests (days end at midnight in Asia/Shanghai).
/// </summary>
public sealed class PushTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task A_shared_position_reaches_the_host_graduates_of_its_major_and_of_its_category_with_the_reason_in_words()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(1);
        var (exact, _) = await app.StudentAsync(scene.SupportedId, scene.Host, "周一", "软件工程");
        using var partner = await app.CentreAsync(scene.SupportingId);
        var (kin, _) = await app.StudentAsync(scene.SupportingId, partner, "吴二", "计算机科学与技术");
        var (accountant, _) = await app.StudentAsync(scene.SupportedId, scene.Host, "郑三", "会计学");
        var (_, elsewhere, _) = await app.PairAsync(30);
        var (outsider, _) = await app.StudentAsync(elsewhere, null, "王四", "软件工程");
        await Api.Expect(await scene.Host.ImportRosterAsync(scene.SupportedId,
            $"{StudentWorld.RosterHeader}\n{StudentWorld.NewStudentNo()},冯五,软件工程,bachelor,2020\n"), HttpStatusCode.OK);

        var position = await scene.PostAsync("Java 开发工程师", "软件工程");
        await app.AllEventsDeliveredAsync();

        var pushed = Assert.Single(await exact.RecommendationsAsync())!;
        Assert.Equal(position, Guid.Parse((string)pushed["positionId"]!));
        Assert.Equal(scene.FairId, Guid.Parse((string)pushed["fairId"]!));
        Assert.Equal("与你的专业（软件工程）一致", (string?)pushed["reason"]);
        Assert.Equal(app.Now(), DateTimeOffset.Parse((string)pushed["createdAt"]!, CultureInfo.InvariantCulture));
        Assert.Null(pushed["seenAt"]);
        Assert.Equal("Java 开发工程师", (string?)pushed["position"]!["title"]);
        Assert.Equal("与你的专业同属计算机类", (string?)Assert.Single(await kin.RecommendationsAsync())!["reason"]);
        Assert.Equal("Asks for your major's category (计算机类)", (string?)Assert.Single(await kin.RecommendationsAsync("en"))!["reason"]);
        Assert.Empty(await accountant.RecommendationsAsync());
        Assert.Empty(await outsider.RecommendationsAsync());
        // Roster rows nobody has claimed have no one to tell.
        Assert.Equal(2, await app.WithDb(db => db.Recommendations.CountAsync(r => r.PositionId == position)));

        var notification = (await exact.GetJsonAsync("/api/me/notifications")).Items().Single(n => (string?)n!["kind"] == "position_recommended")!;
        Assert.Contains("Java 开发工程师", (string)notification["body"]!, StringComparison.Ordinal);
        Assert.Equal($"/positions/{position}", (string?)notification["link"]);
        Assert.Equal(1, await kin.RecommendedNotificationsAsync());
        Assert.Equal(0, await accountant.RecommendedNotificationsAsync());
    }

    [Fact]
    public async Task A_graduate_gets_at_most_five_a_day_exact_matches_first_then_the_newest_and_the_rest_the_next_day()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(2);
        // Eight open positions before the graduate claims their row: four name their major, four a major of its category.
        foreach (var n in Enumerable.Range(1, 4))
        {
            await scene.PostAsync($"软件岗{n}", "软件工程");
            app.Clock!.Advance(TimeSpan.FromMinutes(1));
            await scene.PostAsync($"计算机岗{n}", "计算机科学与技术", "网络工程");
            app.Clock!.Advance(TimeSpan.FromMinutes(1));
        }

        var (student, studentId) = await app.StudentAsync(scene.SupportedId, scene.Host, "钱五", "软件工程");
        await app.AllEventsDeliveredAsync();

        Assert.Equal(["计算机岗4", "软件岗1", "软件岗2", "软件岗3", "软件岗4"], (await student.PushedTitlesAsync()).Order());
        Assert.Equal(5, await student.RecommendedNotificationsAsync());
        Assert.Equal(3, await app.WithDb(db => db.Recommendations.CountAsync(r => r.StudentId == studentId && r.PushedAt == null)));

        app.MoveToNextMorning(); // the day's release lets the rest through
        student = await student.AgainAsync();
        await ReleasedAsync();

        Assert.Equal(["计算机岗1", "计算机岗2", "计算机岗3", "计算机岗4", "软件岗1", "软件岗2", "软件岗3", "软件岗4"],
            (await student.PushedTitlesAsync()).Order());
        Assert.Equal(8, await student.RecommendedNotificationsAsync());
        Assert.All(await app.WithDb(db => db.PushDays.Where(d => d.StudentId == studentId).Select(d => d.Pushed).ToListAsync()),
            pushed => Assert.InRange(pushed, 0, Pushing.DailyCap));

        app.MoveToNextMorning(); // nothing is left, and nothing comes twice
        await ReleasedAsync();
        student = await student.AgainAsync();
        Assert.Equal(8, (await student.RecommendationsAsync()).Count);
        Assert.Equal(8, await student.RecommendedNotificationsAsync());
    }

    [Fact]
    public async Task However_many_positions_arrive_in_a_day_a_graduate_hears_of_five()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(3);
        var (student, studentId) = await app.StudentAsync(scene.SupportedId, scene.Host, "孙六", "物联网工程");

        await Task.WhenAll(Enumerable.Range(1, 8).Select(n => scene.PostAsync($"物联网岗{n}", "物联网工程")));
        await app.AllEventsDeliveredAsync();

        Assert.Equal(5, (await student.RecommendationsAsync()).Count);
        Assert.Equal(5, await student.RecommendedNotificationsAsync());
        Assert.Equal(5, await app.WithDb(db => db.PushDays.Where(d => d.StudentId == studentId).SumAsync(d => d.Pushed)));
        // The database holds the cap even against a writer that ignores it.
        var overrun = await Assert.ThrowsAnyAsync<Exception>(() => app.WithDb(db =>
            db.PushDays.Where(d => d.StudentId == studentId).ExecuteUpdateAsync(s => s.SetProperty(d => d.Pushed, d => d.Pushed + 1))));
        Assert.Contains("ck_push_days_cap", overrun.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_position_is_never_pushed_twice_to_a_graduate_even_through_a_second_fair()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(4);
        var (student, studentId) = await app.StudentAsync(scene.SupportedId, scene.Host, "李七", "通信工程");
        var position = await scene.PostAsync("通信工程师", "通信工程");
        var second = await scene.Host.FairAsync(app, scene.PairId, "一帮一 第二场网络双选会");
        await scene.Host.ApproveAsync(scene.Recruiter, second, scene.EmployerId);

        await Api.Expect(await scene.Recruiter.PostAsync($"/api/positions/{position}/fairs", new { fairId = second }), HttpStatusCode.OK);
        await app.AllEventsDeliveredAsync();

        var pushed = Assert.Single(await student.RecommendationsAsync())!;
        Assert.Equal(scene.FairId, Guid.Parse((string)pushed["fairId"]!));
        Assert.Equal(1, await student.RecommendedNotificationsAsync());
        // Enforced by the database, not by the code that usually checks first.
        var duplicate = await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDb(async db =>
        {
            db.Recommendations.Add(new Recommendation
            {
                StudentId = studentId, PositionId = position, FairId = second, Match = MatchKinds.Exact, Major = "通信工程",
                SharedAt = app.Now(), CreatedAt = app.Now(), PushedAt = app.Now(),
            });
            await db.SaveChangesAsync();
        }));
        Assert.True(duplicate.IsUniqueViolation(RecommendationConfiguration.OnePerStudentAndPosition));
    }

    [Fact]
    public async Task A_muted_graduate_gets_nothing_and_what_waited_for_them_is_dropped()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(5);
        foreach (var n in Enumerable.Range(1, 7)) await scene.PostAsync($"电气岗{n}", "电气工程及其自动化");
        var (student, studentId) = await app.StudentAsync(scene.SupportedId, scene.Host, "赵八", "电气工程及其自动化");
        await app.AllEventsDeliveredAsync();
        Assert.Equal(5, (await student.RecommendationsAsync()).Count);
        Assert.False((bool)(await student.GetJsonAsync("/api/students/me/recommendations/settings"))["muted"]!);

        var muted = await Api.Expect(await student.PutJsonAsync("/api/students/me/recommendations/settings", new { muted = true }),
            HttpStatusCode.OK);
        Assert.True((bool)muted["muted"]!);
        Assert.Equal(0, await app.WithDb(db => db.Recommendations.CountAsync(r => r.StudentId == studentId && r.PushedAt == null)));
        await scene.PostAsync("电气岗8", "电气工程及其自动化");
        await app.AllEventsDeliveredAsync();
        app.MoveToNextMorning();
        await ReleasedAsync();

        student = await student.AgainAsync();
        Assert.Equal(5, (await student.RecommendationsAsync()).Count);
        Assert.Equal(5, await student.RecommendedNotificationsAsync());
        Assert.True((bool)(await student.GetJsonAsync("/api/students/me/recommendations/settings"))["muted"]!);

        // Unmuted, pushes come again, but not the backlog of the muted days.
        await scene.Recruiter.AgainAsync();
        await Api.Expect(await student.PutJsonAsync("/api/students/me/recommendations/settings", new { muted = false }), HttpStatusCode.OK);
        await scene.PostAsync("电气岗9", "电气工程及其自动化");
        await app.AllEventsDeliveredAsync();
        Assert.Equal("电气岗9", (await student.PushedTitlesAsync())[0]);
        Assert.Equal(6, (await student.RecommendationsAsync()).Count);
        await Api.ExpectProblem(await student.PutJsonAsync("/api/students/me/recommendations/settings", new { }),
            HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_graduate_who_signed_gets_no_more_pushes()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(6);
        var (student, _) = await app.StudentAsync(scene.SupportedId, scene.Host, "陈九", "土木工程");
        var first = await scene.PostAsync("施工员", "土木工程");
        await app.AllEventsDeliveredAsync();
        Assert.Single(await student.RecommendationsAsync());

        var resume = await student.UploadResumeAsync();
        var application = Guid.Parse((string)(await Api.Expect(await student.PostAsync("/api/applications",
            new { positionId = first, fairId = scene.FairId, resumeId = resume }), HttpStatusCode.Created))["id"]!);
        await Api.Expect(await scene.Recruiter.SetStatusAsync(application, "shortlisted"), HttpStatusCode.OK);
        await Api.Expect(await scene.Recruiter.SetStatusAsync(application, "offered"), HttpStatusCode.OK);
        await Api.Expect(await student.SetStatusAsync(application, "accepted"), HttpStatusCode.OK);

        await scene.PostAsync("造价员", "土木工程");
        await app.AllEventsDeliveredAsync();
        Assert.Single(await student.RecommendationsAsync());
        Assert.Equal(1, await student.RecommendedNotificationsAsync());
    }

    [Fact]
    public async Task Opening_a_push_marks_it_seen_once_and_the_centre_counts_pushed_opened_and_applied_by_fair_and_major()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(7);
        var (student, _) = await app.StudentAsync(scene.SupportedId, scene.Host, "蒋十", "数字媒体技术");
        var (classmate, _) = await app.StudentAsync(scene.SupportedId, scene.Host, "沈十一", "会计学");
        var opened = await scene.PostAsync("UI 设计师", "数字媒体技术");
        await scene.PostAsync("视频剪辑", "数字媒体技术");
        await app.AllEventsDeliveredAsync();

        var seen = await Api.Expect(await student.PostAsync($"/api/students/me/recommendations/{opened}/open", null), HttpStatusCode.OK);
        var seenAt = (string?)seen["seenAt"];
        Assert.Equal(app.Now(), DateTimeOffset.Parse(seenAt!, CultureInfo.InvariantCulture));
        app.Clock!.Advance(TimeSpan.FromMinutes(5));
        student = await student.AgainAsync();
        Assert.Equal(seenAt, (string?)(await Api.Expect(await student.PostAsync($"/api/students/me/recommendations/{opened}/open", null),
            HttpStatusCode.OK))["seenAt"]);
        Assert.Single((await student.GetJsonAsync("/api/students/me/recommendations?unseen=true")).Items());
        await Api.ExpectProblem(await classmate.PostAsync($"/api/students/me/recommendations/{opened}/open", null), HttpStatusCode.NotFound);
        var resume = await student.UploadResumeAsync();
        await Api.Expect(await student.PostAsync("/api/applications", new { positionId = opened, fairId = scene.FairId, resumeId = resume }),
            HttpStatusCode.Created);

        var host = await scene.Host.AgainAsync();
        var figures = await host.GetJsonAsync($"/api/universities/{scene.SupportedId}/push-figures");
        Assert.Equal((2, 0, 1, 1), Counts(figures["total"]!));
        var fair = Assert.Single(figures["byFair"]!.AsArray())!;
        Assert.Equal(scene.FairId, Guid.Parse((string)fair["fairId"]!));
        Assert.Equal((2, 0, 1, 1), Counts(fair));
        var major = Assert.Single(figures["byMajor"]!.AsArray())!;
        Assert.Equal("数字媒体技术", (string?)major["major"]);
        // The counsellor looking after the major sees the same; one of another major, none of it.
        var (counsellor, _) = await app.CounsellorAsync(host, scene.SupportedId, "韩老师", "数字媒体技术");
        Assert.Equal((2, 0, 1, 1), Counts((await counsellor.GetJsonAsync("/api/counsellors/me/push-figures"))["total"]!));
        var (other, _) = await app.CounsellorAsync(host, scene.SupportedId, "许老师", GuidanceWorld.NewMajor());
        Assert.Equal((0, 0, 0, 0), Counts((await other.GetJsonAsync("/api/counsellors/me/push-figures"))["total"]!));
        await Api.ExpectProblem(await host.GetAsync("/api/counsellors/me/push-figures"), HttpStatusCode.Forbidden);
        using var partner = await app.CentreAsync(scene.SupportingId);
        await Api.ExpectProblem(await partner.GetAsync($"/api/universities/{scene.SupportedId}/push-figures"), HttpStatusCode.Forbidden,
            "not_own_university");
        var recruiter = await scene.Recruiter.AgainAsync();
        await Api.ExpectProblem(await recruiter.GetAsync("/api/students/me/recommendations"), HttpStatusCode.Forbidden);
        using var anonymous = app.Anonymous();
        await Api.ExpectProblem(await anonymous.GetAsync("/api/students/me/recommendations"), HttpStatusCode.Unauthorized);
    }

    private static (int Pushed, int Waiting, int Opened, int Applied) Counts(System.Text.Json.Nodes.JsonNode n) =>
        ((int)n["pushed"]!, (int)n["waiting"]!, (int)n["opened"]!, (int)n["applied"]!);

    /// <summary>Waits for today's start-of-day release, then for what it sent.</summary>
    private async Task ReleasedAsync()
    {
        var today = Pushing.DayOf(app.Now());
        await Eventually.True(() => app.WithDb(db => db.PushReleases.AnyAsync(r => r.Day == today && r.FinishedAt != null)),
            "the day's release of waiting pushes");
        await app.AllEventsDeliveredAsync();
    }
}
