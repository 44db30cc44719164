using System.Net;
using System.Text.Json.Nodes;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Guidance;

/// <summary>
/// A centre's figures of the programme (GET /api/universities/{id}/guidance-figures and
/// /responsiveness, the /centre/guidance page): the ledger counted by counsellor and key group, each
/// employer's answers across the university's fairs, and nobody but that centre reading them.
/// The class has a database of its own, so a university holds only what a test puts there.
/// </summary>
public sealed class GuidanceFiguresTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    /// <summary>
    /// Six graduates of the supported university: three of major A (Li's), two of major B (Wang's,
    /// who is also assigned one of A's), one of a major nobody looks after. One of A has an overdue
    /// and an open action and is in a key group, one was contacted today, one 8 days ago; one of B
    /// has an offer waiting.
    /// </summary>
    private async Task<(GuidanceScene Scene, Guid Li, Guid Wang, Api Partner)> LedgerAsync(int pairIndex)
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(pairIndex);
        var (a, b) = (GuidanceWorld.NewMajor(), GuidanceWorld.NewMajor());
        var (li, liId) = await app.CounsellorAsync(scene.Host, scene.SupportedId, "李老师", a);
        var (_, wangId) = await app.CounsellorAsync(scene.Host, scene.SupportedId, "王老师", b);
        var ofA = await scene.Host.GraduatesAsync(scene.SupportedId, a, 3);
        await scene.Host.GraduatesAsync(scene.SupportedId, b, 1);
        var lone = (await scene.Host.GraduatesAsync(scene.SupportedId, GuidanceWorld.NewMajor(), 1)).Single();
        var (offered, _) = await app.StudentAsync(scene.SupportedId, scene.Host, "郑同学", b);
        await Api.Expect(await scene.Host.PostAsync($"/api/counsellors/{wangId}/students", new { studentId = ofA[2] }), HttpStatusCode.Created);

        await li.AddActionAsync(ofA[0], app.Now().AddDays(-1), "修改简历");
        await li.AddActionAsync(ofA[0], app.Now().AddDays(3), "参加模拟面试");
        await li.LogContactAsync(ofA[1], app.Now().AddHours(-1));
        await li.LogContactAsync(ofA[2], app.Now().AddDays(-8));
        await scene.Host.SetKeyGroupsAsync(ofA[0], "poor_household");
        await scene.Host.SetKeyGroupsAsync(lone, "disability");

        var position = await scene.PostAsync("管培生", b);
        var resume = await offered.UploadResumeAsync();
        var application = Guid.Parse((string)(await Api.Expect(await offered.PostAsync("/api/applications",
            new { positionId = position, fairId = scene.FairId, resumeId = resume }), HttpStatusCode.Created))["id"]!);
        await Api.Expect(await scene.Recruiter.SetStatusAsync(application, "shortlisted"), HttpStatusCode.OK);
        await Api.Expect(await scene.Recruiter.SetStatusAsync(application, "offered"), HttpStatusCode.OK);
        return (scene, liId, wangId, await app.CentreAsync(scene.SupportingId));
    }

    private static void Same(JsonNode figures, int graduates, int looking, int offered, int uncontacted, int never, int open, int overdue,
        int withOverdue)
    {
        Assert.Equal(graduates, (int)figures["graduates"]!);
        Assert.Equal(looking, (int)figures["looking"]!);
        Assert.Equal(offered, (int)figures["offered"]!);
        Assert.Equal(0, (int)figures["signed"]!);
        Assert.Equal(uncontacted, (int)figures["uncontacted"]!);
        Assert.Equal(never, (int)figures["neverContacted"]!);
        Assert.Equal(open, (int)figures["openActions"]!);
        Assert.Equal(overdue, (int)figures["overdueActions"]!);
        Assert.Equal(withOverdue, (int)figures["withOverdue"]!);
    }

    [Fact]
    public async Task A_centre_counts_its_ledger_for_the_university_by_counsellor_and_by_key_group_and_the_read_is_audited()
    {
        var (scene, li, wang, _) = await LedgerAsync(3);

        var figures = await (await scene.Host.AgainAsync()).GetJsonAsync($"/api/universities/{scene.SupportedId}/guidance-figures");

        // Each graduate once: 6 in all, one offered; contacted within the week only one; never contacted four.
        Same(figures["university"]!, graduates: 6, looking: 5, offered: 1, uncontacted: 5, never: 4, open: 2, overdue: 1, withOverdue: 1);
        Same(figures["noCounsellor"]!, graduates: 1, looking: 1, offered: 0, uncontacted: 1, never: 1, open: 0, overdue: 0, withOverdue: 0);
        var byCounsellor = figures["byCounsellor"]!.AsArray().ToDictionary(c => Guid.Parse((string)c!["counsellorId"]!), c => c!);
        Assert.Equal(2, byCounsellor.Count);
        Assert.Equal("李老师", (string?)byCounsellor[li]["name"]);
        Same(byCounsellor[li]["figures"]!, graduates: 3, looking: 3, offered: 0, uncontacted: 2, never: 1, open: 2, overdue: 1, withOverdue: 1);
        // Wang's: the two of B (one offered) and the one of A assigned to them, last contacted 8 days ago.
        Same(byCounsellor[wang]["figures"]!, graduates: 3, looking: 2, offered: 1, uncontacted: 3, never: 2, open: 0, overdue: 0, withOverdue: 0);
        var byKeyGroup = figures["byKeyGroup"]!.AsArray().ToDictionary(k => (string)k!["code"]!, k => k!["figures"]!);
        Same(byKeyGroup["poor_household"], graduates: 1, looking: 1, offered: 0, uncontacted: 1, never: 1, open: 2, overdue: 1, withOverdue: 1);
        Same(byKeyGroup["disability"], graduates: 1, looking: 1, offered: 0, uncontacted: 1, never: 1, open: 0, overdue: 0, withOverdue: 0);
        Assert.Equal(0, (int)byKeyGroup["low_income"]["graduates"]!);
        // Counts only: no graduate's name or number leaves in these figures.
        Assert.DoesNotContain("王同学", figures.ToJsonString(), StringComparison.Ordinal);

        Assert.Equal(1, await app.WithDb(db => db.AuditEntries.CountAsync(e =>
            e.Action == "guidance_figures_read" && e.SubjectId == scene.SupportedId && e.ActorRole == "centre")));
    }

    [Fact]
    public async Task Nobody_but_the_universitys_own_centre_reads_its_guidance_figures_or_how_its_employers_answer()
    {
        var (scene, _, _, partner) = await LedgerAsync(4);
        var (counsellor, _) = await app.CounsellorAsync(await scene.Host.AgainAsync(), scene.SupportedId, "赵老师", GuidanceWorld.NewMajor());
        foreach (var route in new[] { "guidance-figures", "responsiveness" })
        {
            var url = $"/api/universities/{scene.SupportedId}/{route}";
            await Api.ExpectProblem(await partner.GetAsync(url), HttpStatusCode.Forbidden, "not_own_university");
            await Api.ExpectProblem(await counsellor.GetAsync(url), HttpStatusCode.Forbidden);
            await Api.ExpectProblem(await (await scene.Recruiter.AgainAsync()).GetAsync(url), HttpStatusCode.Forbidden);
            using var anonymous = app.Anonymous();
            await Api.ExpectProblem(await anonymous.GetAsync(url), HttpStatusCode.Unauthorized);
        }
        Assert.Equal(0, await app.WithDb(db => db.AuditEntries.CountAsync(e => e.Action == "guidance_figures_read" && e.SubjectId == scene.SupportedId)));
    }

    [Fact]
    public async Task Each_employers_unread_resumes_are_counted_across_all_the_universitys_fairs_most_overdue_first()
    {
        app.MoveToNextMorning();
        var scene = await app.SceneAsync(5);
        var second = await scene.Host.FairAsync(app, scene.PairId, "一帮一 秋季网络双选会");
        await scene.Host.ApproveAsync(scene.Recruiter, second, scene.EmployerId);
        var (quick, quickId) = await app.RecruiterAsync("及时回复有限公司");
        await scene.Host.ApproveAsync(quick, scene.FairId, quickId);
        var slowFirst = await scene.PostAsync("审计助理", "审计学");
        var slowSecond = await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([second], "税务助理", majors: ["审计学"]));
        var fast = await quick.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "出纳", majors: ["审计学"]));

        // Eight days ago: two resumes to the slow employer (one at each fair) and one to the quick one, which reads it.
        var old = new[] { (slowFirst, scene.FairId), (slowSecond, second), (fast, scene.FairId) };
        var oldApplications = new List<Guid>();
        foreach (var (i, (position, fair)) in old.Index()) oldApplications.Add(await ApplyAsync(scene, position, fair, $"旧{i}"));
        await Api.Expect(await (await quick.AgainAsync()).SetStatusAsync(oldApplications[2], "viewed"), HttpStatusCode.OK);
        app.Clock!.Advance(TimeSpan.FromDays(4));
        // Four days ago: one more to the slow employer; today one more.
        await ApplyAsync(scene, slowFirst, scene.FairId, "中");
        app.Clock!.Advance(TimeSpan.FromDays(4));
        await ApplyAsync(scene, slowFirst, scene.FairId, "新");

        var listing = await (await scene.Host.AgainAsync()).GetJsonAsync($"/api/universities/{scene.SupportedId}/responsiveness");
        Assert.Equal(2, (int)listing["total"]!);
        var rows = listing.Items();
        Assert.Equal([scene.EmployerId, quickId], rows.Select(r => Guid.Parse((string)r!["employer"]!["id"]!)));
        var slow = rows[0]!;
        Assert.Equal(2, (int)slow["fairs"]!);
        Assert.Equal(4, (int)slow["applications"]!);
        Assert.Equal(0, (int)slow["responded"]!);
        Assert.Equal(4, (int)slow["unread"]!);
        Assert.Equal(3, (int)slow["unreadAfterReminder"]!);
        Assert.Equal(2, (int)slow["overdue"]!);
        Assert.Equal(0, (double)slow["responseRate"]!);
        var answered = rows[1]!;
        Assert.Equal(1, (int)answered["responded"]!);
        Assert.Equal(0, (int)answered["unread"]!);
        Assert.Equal(1, (double)answered["responseRate"]!);
        Assert.Equal(new[] { 5, 1, 4, 3, 2 }, new[] { "applications", "responded", "unread", "unreadAfterReminder", "overdue" }
            .Select(k => (int)listing["all"]![k]!));
        // The partner university hosts the same fairs: its centre sees the same employers.
        using var partner = await app.CentreAsync(scene.SupportingId);
        Assert.Equal(2, (int)(await partner.GetJsonAsync($"/api/universities/{scene.SupportingId}/responsiveness"))["total"]!);
        // A page past the end still says how many there are.
        var past = await (await scene.Host.AgainAsync()).GetJsonAsync($"/api/universities/{scene.SupportedId}/responsiveness?page=3&pageSize=1");
        Assert.Empty(past.Items());
        Assert.Equal(2, (int)past["total"]!);
        Assert.Equal(2, (int)past["all"]!["overdue"]!);
    }

    private async Task<Guid> ApplyAsync(GuidanceScene scene, Guid position, Guid fairId, string name)
    {
        var (student, _) = await app.StudentAsync(scene.SupportedId, await scene.Host.AgainAsync(), "学生" + name, "审计学");
        var resume = await student.UploadResumeAsync();
        return Guid.Parse((string)(await Api.Expect(await student.PostAsync("/api/applications",
            new { positionId = position, fairId, resumeId = resume }), HttpStatusCode.Created))["id"]!);
    }
}
