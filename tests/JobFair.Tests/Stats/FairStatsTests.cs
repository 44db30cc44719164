using System.Net;
using System.Text.Json.Nodes;
using JobFair.Server.Features.Stats;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JobFair.Tests.Stats;

public sealed class FairStatsTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private static readonly TimeSpan MinInterval = new StatsOptions().MinInterval;

    /// <summary>
    /// Waits until every change so far has been counted, then returns the fair's figures. Read in
    /// this order: no event is left unsent (a row is sent only once every local consumer, the one
    /// that marks figures stale included, has recorded it), and only then the fair counted since.
    /// The clock stands still, so when the fair was counted less than a second ago the test moves
    /// it to the moment the refresher may count again, rather than waiting for that second.
    /// </summary>
    private async Task<JsonNode> SettledStatsAsync(Guid fairId)
    {
        await Eventually.True(async () =>
        {
            if (await app.WithDb(db => db.OutboxMessages.AnyAsync(m => m.SentAt == null))) return false;
            var figures = await app.WithDb(db => db.FairStats.AsNoTracking().SingleOrDefaultAsync(f => f.FairId == fairId));
            var clock = app.Clock!;
            // Counted since the last change (no mark left), and not due again before a posting's closing date (a stale_since ahead).
            var marked = await app.WithDb(db => db.FairStatsMarks.AnyAsync(m => m.FairId == fairId));
            if (figures is { Version: > 0 } && !marked && (figures.StaleSince is null || figures.StaleSince > clock.GetUtcNow())) return true;
            if (figures?.RefreshedAt + MinInterval is { } due && due > clock.GetUtcNow()) clock.Advance(due - clock.GetUtcNow());
            return false;
        }, "the fair's figures to be counted");
        using var anyone = app.Anonymous();
        return await anyone.GetJsonAsync($"/api/fairs/{fairId}/stats");
    }

    /// <summary>The contract's definitions, counted here independently of the server's SQL.</summary>
    private Task<Dictionary<string, long>> RecountAsync(Guid fairId) => app.WithDb(async db =>
    {
        var now = app.Clock!.GetUtcNow(); // the server's now
        var open = db.PositionFairs.Where(pf => pf.FairId == fairId)
            .Join(db.Positions, pf => pf.PositionId, p => p.Id, (_, p) => p)
            .Where(p => p.Status == "open" && (p.ClosesAt == null || p.ClosesAt > now));
        var apps = db.Applications.Where(a => a.FairId == fairId);
        var everTo = (string status) => db.ApplicationTransitions.Where(t => t.ToStatus == status)
            .Join(apps, t => t.ApplicationId, a => a.Id, (t, _) => t.ApplicationId).Distinct().CountAsync();
        return new Dictionary<string, long>
        {
            ["employers"] = await db.Participations.CountAsync(p => p.FairId == fairId && p.Status == "approved"),
            ["positions"] = await open.CountAsync(),
            ["openings"] = await open.SumAsync(p => (long)p.Openings),
            ["applicants"] = await apps.Select(a => a.StudentId).Distinct().CountAsync(),
            ["applications"] = await apps.CountAsync(),
            ["interviewsInvited"] = await everTo("interview_invited"),
            ["interviewsBooked"] = await db.InterviewBookings.CountAsync(b => b.FairId == fairId && b.Status == "booked"),
            ["offers"] = await everTo("offered"),
            ["signed"] = await apps.CountAsync(a => a.Status == "signed"),
        };
    });

    private static Dictionary<string, long> Figures(JsonNode stats) =>
        new[] { "employers", "positions", "openings", "applicants", "applications", "interviewsInvited", "interviewsBooked", "offers", "signed" }
            .ToDictionary(k => k, k => (long)stats[k]!);

    [Fact]
    public async Task A_fairs_figures_follow_each_step_and_are_split_by_host_university()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "测试工程师", openings: 7));
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 2));
        var signer = await app.InviteeAsync(scene, "甲");
        var booker = await app.InviteeAsync(scene, "乙");
        var (applicant, _, resume) = await app.ApplicantAsync(scene, "丙");
        await applicant.AppliedAsync(scene, resume);
        await booker.BookedAsync(slots[0]);
        await Api.Expect(await scene.Recruiter.SetStatusAsync(signer.ApplicationId, "offered"), HttpStatusCode.OK);
        await Api.Expect(await signer.Student.SetStatusAsync(signer.ApplicationId, "accepted"), HttpStatusCode.OK);

        var stats = await SettledStatsAsync(scene.FairId);

        Assert.Equal(scene.FairId.ToString(), (string?)stats["fairId"]);
        Assert.Equal(new Dictionary<string, long>
        {
            ["employers"] = 1, ["positions"] = 2, ["openings"] = 12, ["applicants"] = 3, ["applications"] = 3,
            ["interviewsInvited"] = 2, ["interviewsBooked"] = 1, ["offers"] = 1, ["signed"] = 1,
        }, Figures(stats));
        var byUniversity = stats["byUniversity"]!.AsArray();
        Assert.Equal([scene.SupportedId.ToString(), scene.SupportingId.ToString()], byUniversity.Select(u => (string?)u!["universityId"]));
        Assert.Equal((3, 3, 1), ((int)byUniversity[0]!["applicants"]!, (int)byUniversity[0]!["applications"]!, (int)byUniversity[0]!["signed"]!));
        Assert.Equal((0, 0, 0), ((int)byUniversity[1]!["applicants"]!, (int)byUniversity[1]!["applications"]!, (int)byUniversity[1]!["signed"]!));
        // The fair itself carries the same figures.
        using var anyone = app.Anonymous();
        Assert.Equal(Figures(stats), Figures((await anyone.GetJsonAsync($"/api/fairs/{scene.FairId}"))["stats"]!));
    }

    [Fact]
    public async Task After_a_random_workload_the_figures_equal_a_recount_from_the_source_tables()
    {
        var random = new Random(20200408);
        var scene = await app.FairSceneAsync(startHours: -1);
        var (recruiter2, employer2) = await app.RecruiterAsync();
        await scene.Host.ApproveAsync(recruiter2, scene.FairId, employer2);
        var positions = new List<(Api Recruiter, Guid Id)> { (scene.Recruiter, scene.PositionId) };
        positions.Add((scene.Recruiter, await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "数据分析师", openings: 3))));
        positions.Add((recruiter2, await recruiter2.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "产品经理", openings: 2))));
        var slots = new Dictionary<Guid, List<Guid>>();
        var start = InterviewWorld.HoursAhead(3);
        for (var i = 0; i < positions.Count; i++)
            slots[positions[i].Id] = await positions[i].Recruiter.PublishSlotsAsync(positions[i].Id,
                InterviewWorld.Generator(start.AddHours(i * 2), 3, minutes: 30, capacity: 2));
        var students = new List<(Api Api, Guid Resume)>();
        for (var i = 0; i < 6; i++)
        {
            var (student, _, resume) = await app.ApplicantAsync(scene, $"学生{i}");
            students.Add((student, resume));
        }
        var applications = new List<(Api Student, Api Recruiter, Guid Position, Guid Id)>();

        for (var step = 0; step < 80; step++)
        {
            var s = students[random.Next(students.Count)];
            var p = positions[random.Next(positions.Count)];
            switch (random.Next(7))
            {
                case 0 or 1:
                    var applied = await s.Api.ApplyAsync(scene, s.Resume, p.Id);
                    if (applied.StatusCode == HttpStatusCode.Created)
                        applications.Add((s.Api, p.Recruiter, p.Id, Guid.Parse((string)(await Api.Expect(applied, HttpStatusCode.Created))["id"]!)));
                    break;
                case 2 when applications.Count > 0:
                    var a = applications[random.Next(applications.Count)];
                    await a.Recruiter.PostAsync($"/api/applications/{a.Id}/invite", new { message = "面试" });
                    break;
                case 3 when applications.Count > 0:
                    var b = applications[random.Next(applications.Count)];
                    await b.Student.BookAsync(slots[b.Position][random.Next(3)], b.Id);
                    break;
                case 4 when applications.Count > 0:
                    var c = applications[random.Next(applications.Count)];
                    await c.Recruiter.SetStatusAsync(c.Id, new[] { "offered", "rejected", "shortlisted", "viewed" }[random.Next(4)]);
                    break;
                case 5 when applications.Count > 0:
                    var d = applications[random.Next(applications.Count)];
                    await d.Student.SetStatusAsync(d.Id, new[] { "accepted", "withdrawn" }[random.Next(2)]);
                    break;
                case 6:
                    var mine = await s.Api.GetJsonAsync("/api/students/me/bookings?status=booked");
                    if (mine.Items().Count > 0) await s.Api.DeleteAsync($"/api/bookings/{(string)mine.Items()[0]!["id"]!}");
                    break;
            }
        }
        await Api.Expect(await recruiter2.PostAsync($"/api/positions/{positions[2].Id}/close", null), HttpStatusCode.OK);

        var stats = await SettledStatsAsync(scene.FairId);

        var recount = await RecountAsync(scene.FairId);
        Assert.True(recount["applications"] > 5 && recount["interviewsInvited"] > 0, "the workload should have done something");
        Assert.Equal(recount, Figures(stats));
    }

    [Fact]
    public async Task A_burst_of_changes_is_counted_at_most_once_a_second_with_the_latest_figures()
    {
        var scene = await app.FairSceneAsync();
        var students = new List<(Api, Guid)>();
        for (var i = 0; i < 8; i++)
        {
            var (student, _, resume) = await app.ApplicantAsync(scene, $"学生{i}");
            students.Add((student, resume));
        }
        await SettledStatsAsync(scene.FairId);
        var before = await app.WithDb(db => db.FairStats.Where(f => f.FairId == scene.FairId).Select(f => f.Version).SingleAsync());

        await Task.WhenAll(students.Select(s => s.Item1.AppliedAsync(scene, s.Item2)));
        var stats = await SettledStatsAsync(scene.FairId);

        Assert.Equal(8, (int)stats["applications"]!);
        var counts = await app.WithDb(db => db.OutboxMessages
            .FromSql($"SELECT * FROM outbox_messages WHERE type LIKE '%FairStatsChanged%' AND payload->'stats'->>'fairId' = {scene.FairId.ToString()}")
            .Select(m => m.Payload).ToListAsync());
        var times = counts.Select(p => JsonNode.Parse(p)!["stats"]!)
            .Select(s => (Version: (long)s["version"]!, At: InterviewWorld.At(s["countedAt"])))
            .OrderBy(x => x.Version).ToList();
        Assert.True(times[^1].Version - before < 8, $"8 applications were counted {times[^1].Version - before} times");
        foreach (var (earlier, later) in times.Zip(times.Skip(1)))
            Assert.True(later.At - earlier.At >= TimeSpan.FromSeconds(1), $"counted at {earlier.At:O} and again at {later.At:O}");
    }

    [Fact]
    public async Task A_drafts_figures_are_hidden_like_the_draft_and_unknown_fairs_are_404()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        var host = await app.CentreAsync(supported);
        var draft = await host.CreateFairAsync(pairId, publish: false);

        await Api.ExpectProblem(await app.Anonymous().GetAsync($"/api/fairs/{draft}/stats"), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await app.Anonymous().GetAsync($"/api/fairs/{Guid.NewGuid()}/stats"), HttpStatusCode.NotFound);
        Assert.Equal(0, (int)(await host.GetJsonAsync($"/api/fairs/{draft}/stats"))["applications"]!);
    }

    [Fact]
    public async Task Pair_and_national_figures_add_up_the_fairs_and_the_recorded_activities()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene);
        await student.AppliedAsync(scene, resume);
        var pairId = (await app.WithDb(db => db.Fairs.Where(f => f.Id == scene.FairId).Select(f => f.PairId).SingleAsync()));
        foreach (var (kind, participants) in new[] { ("meeting", 12), ("meeting", 8), ("course", 40) })
            await Api.Expect(await scene.Host.PostAsync($"/api/pairs/{pairId}/activities",
                new { kind, title = "远程会议", heldAt = DateTimeOffset.UtcNow.AddDays(-1), participants }), HttpStatusCode.Created);
        await SettledStatsAsync(scene.FairId);
        using var anyone = app.Anonymous();

        var pair = await anyone.GetJsonAsync($"/api/pairs/{pairId}/stats");
        var national = await anyone.GetJsonAsync("/api/stats/national");

        Assert.True((int)pair["activities"]!["meetings"]! >= 2 && (int)pair["activities"]!["courses"]! >= 1);
        Assert.True((long)pair["figures"]!["applications"]! >= 1 && (int)pair["figures"]!["fairs"]! >= 1);
        var expected = await app.WithDb(db => db.FairStats
            .Where(s => db.Fairs.Any(f => f.Id == s.FairId && f.PairId == pairId && f.Status != "draft")).SumAsync(s => (long)s.Applications));
        Assert.Equal(expected, (long)pair["figures"]!["applications"]!);
        Assert.Equal(await app.WithDb(db => db.PairActivities.CountAsync(a => a.PairId == pairId && a.Kind == "meeting")), (int)pair["activities"]!["meetings"]!);
        Assert.Equal(await app.WithDb(db => db.Pairs.CountAsync()), (int)national["pairs"]!);
        Assert.Equal((long)national["figures"]!["applications"]!, national["byBatch"]!.AsArray().Sum(b => (long)b!["figures"]!["applications"]!));
        Assert.True((long)national["figures"]!["applications"]! >= (long)pair["figures"]!["applications"]!);

        // The national page reads every pair at once: the same figures as one pair's, in the pair list's order.
        await using var scope = app.Services.CreateAsyncScope();
        var stats = scope.ServiceProvider.GetRequiredService<GetPairStats>();
        var all = await stats.RunForAllAsync(CancellationToken.None);
        var listed = await anyone.GetJsonAsync("/api/pairs?pageSize=100");
        Assert.Equal(listed.Items().Select(p => Guid.Parse((string)p!["id"]!)), all.Select(p => p.PairId));
        Assert.Equal((await stats.RunAsync(pairId, CancellationToken.None)).Value,
            all.Single(p => p.PairId == pairId));
        Assert.Equal((long)national["figures"]!["applications"]!, all.Sum(p => p.Figures.Applications));
    }

    [Fact]
    public async Task A_fair_is_recounted_when_a_postings_closing_date_passes_without_waiting_for_another_event()
    {
        var scene = await app.FairSceneAsync();
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(FairWorld.PositionBody([scene.FairId], "限时岗位"), Api.Json))!;
        body["closesAt"] = app.Clock!.GetUtcNow().AddHours(2);
        await scene.Recruiter.PostPositionAsync(body);
        Assert.Equal(2L, (long)(await SettledStatsAsync(scene.FairId))["positions"]!);

        app.Clock.Advance(TimeSpan.FromHours(3)); // nothing happens in the fair; only its posting's closing date passes

        using var anyone = app.Anonymous();
        await Eventually.True(async () => (long)(await anyone.GetJsonAsync($"/api/fairs/{scene.FairId}/stats"))["positions"]! == 1,
            "the closed posting to leave the figures");
        Assert.Equal(1L, (long)(await anyone.GetJsonAsync($"/api/fairs/{scene.FairId}"))["stats"]!["positions"]!);
    }
}
