using System.Net;
using JobFair.Server.Infrastructure;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Guidance;

/// <summary>
/// Who sees a graduate's ledger entry (一人一策) and who does not, what each sees, and that every
/// read and change leaves an audit entry.
/// </summary>
public sealed class LedgerAccessTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private sealed record Scene(Guid PairId, Guid Supported, Guid Supporting, Api Centre, Api PartnerCentre, Api Own, Guid OwnId,
        Api Colleague, Api Assigned, Guid AssignedId, Api Partner, Guid PartnerId, Api Student, Guid StudentId, string Major);

    private const string Note = "家庭经济困难，需重点关注";
    private const string ContactSummary = "微信沟通，学生希望留在武汉";

    /// <summary>A graduate of the supported university with key groups, a note, a contact and an action, and the people around them.</summary>
    private async Task<Scene> SceneAsync()
    {
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        var centre = await app.CentreAsync(supported);
        var partnerCentre = await app.CentreAsync(supporting);
        var major = GuidanceWorld.NewMajor();
        var (own, ownId) = await app.CounsellorAsync(centre, supported, "李老师", major);
        var (colleague, _) = await app.CounsellorAsync(centre, supported, "赵老师", GuidanceWorld.NewMajor());
        var (assigned, assignedId) = await app.CounsellorAsync(centre, supported, "钱老师");
        var (partner, partnerId) = await app.CounsellorAsync(partnerCentre, supporting, "周老师", major);
        var (student, studentId) = await app.StudentAsync(supported, centre, "陈同学", major);

        await centre.SetKeyGroupsAsync(studentId, "poor_household", "disability");
        await Api.Expect(await centre.PostAsync($"/api/counsellors/{assignedId}/students", new { studentId }), HttpStatusCode.Created);
        await Api.Expect(await own.PostAsync($"/api/students/{studentId}/plan/notes", new { text = Note }), HttpStatusCode.Created);
        await own.LogContactAsync(studentId, DateTimeOffset.UtcNow.AddHours(-1), ContactSummary);
        await own.AddActionAsync(studentId, DateTimeOffset.UtcNow.AddDays(3), "修改简历并投递三家企业");
        return new Scene(pairId, supported, supporting, centre, partnerCentre, own, ownId, colleague, assigned, assignedId, partner, partnerId,
            student, studentId, major);
    }

    [Fact]
    public async Task The_graduates_own_counsellors_and_centre_see_everything_and_nobody_else_learns_the_entry_exists()
    {
        var s = await SceneAsync();
        var plan = $"/api/students/{s.StudentId}/plan";
        var (recruiter, _) = await app.RecruiterAsync();
        var outsiderCentre = await app.CentreAsync(await app.UniversityIdAsync("厦门大学"));

        foreach (var (who, reader) in new[] { ("own counsellor", s.Own), ("assigned counsellor", s.Assigned), ("centre", s.Centre) })
        {
            var entry = await reader.GetJsonAsync(plan);
            Assert.Equal(["disability", "poor_household"], entry["keyGroups"]!.AsArray().Select(k => (string)k!).ToArray());
            Assert.Equal(["action", "contact", "note"], entry["entries"]!.AsArray().Select(e => (string)e!["kind"]!).Order().ToArray());
            Assert.True((string?)entry["student"]!["name"] == "陈同学", who);
        }
        Assert.Equal(["李老师", "钱老师"], (await s.Own.GetJsonAsync(plan))["counsellors"]!.AsArray().Select(c => (string)c!["name"]!).Order(StringComparer.Ordinal).ToArray());
        // The own and the assigned counsellor have the graduate on their ledger; the colleague of other majors does not.
        Assert.Contains(s.StudentId, (await s.Own.LedgerAsync()).StudentIds());
        Assert.Contains(s.StudentId, (await s.Assigned.LedgerAsync()).StudentIds());
        Assert.DoesNotContain(s.StudentId, (await s.Colleague.LedgerAsync()).StudentIds());

        // Everyone else: as if the graduate had no entry at all, and nothing of it in the answer.
        foreach (var (who, outsider) in new[]
                 {
                     ("colleague of other majors", s.Colleague), ("partner counsellor before pairing", s.Partner), ("partner centre", s.PartnerCentre),
                     ("employer", recruiter), ("another university's centre", outsiderCentre), ("the graduate", s.Student),
                     ("admin", await app.AdminAsync()),
                 })
        {
            var response = await outsider.GetAsync(plan);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{who}: {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("poor_household", body, StringComparison.Ordinal);
            Assert.DoesNotContain(Note, body, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync(plan)).StatusCode);
        await Api.ExpectProblem(await s.Colleague.PostAsync($"/api/students/{s.StudentId}/plan/notes", new { text = "x" }), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await s.PartnerCentre.GetAsync($"/api/universities/{s.Supported}/ledger"), HttpStatusCode.Forbidden, "not_own_university");
        await Api.ExpectProblem(await recruiter.GetAsync("/api/counsellors/me/students"), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await s.PartnerCentre.Http.PutAsync(new Uri($"/api/students/{s.StudentId}/key-groups", UriKind.Relative),
            System.Net.Http.Json.JsonContent.Create(new { keyGroups = Array.Empty<string>() })), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_partner_counsellor_sees_the_plan_only_through_the_pair_without_key_groups_or_casework_and_may_only_advise()
    {
        var s = await SceneAsync();
        var plan = $"/api/students/{s.StudentId}/plan";
        await Api.ExpectProblem(await s.Partner.GetAsync(plan), HttpStatusCode.NotFound);

        // Either centre of the pair may pair the counsellors; here the supporting side's.
        var counsellorPair = await s.PartnerCentre.PairCounsellorsAsync(s.PairId, s.OwnId, s.PartnerId);

        var response = await s.Partner.GetAsync(plan);
        var text = await response.Content.ReadAsStringAsync();
        var entry = await Api.Expect(response, HttpStatusCode.OK);
        Assert.Equal("partner", (string?)entry["access"]);
        Assert.Null(entry["keyGroups"]);
        Assert.DoesNotContain("poor_household", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Note, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ContactSummary, text, StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", text, StringComparison.Ordinal);
        Assert.Equal(["action"], entry["entries"]!.AsArray().Select(e => (string)e!["kind"]!).ToArray());
        Assert.NotNull(entry["lastContactAt"]);

        // Through the pair the partner lists the paired counsellor's graduates, again without key groups.
        var listed = await s.Partner.GetJsonAsync($"/api/counsellor-pairs/{counsellorPair}/students?pageSize=100");
        var row = listed.Items().Single(i => (string)i!["studentId"]! == s.StudentId.ToString())!;
        Assert.Null(row["keyGroups"]);
        await Api.ExpectProblem(await s.Partner.GetAsync($"/api/counsellor-pairs/{counsellorPair}/students?keyGroup=poor_household"),
            HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await s.Colleague.GetAsync($"/api/counsellor-pairs/{counsellorPair}/students"), HttpStatusCode.NotFound);
        // The partner's own ledger stays theirs: their university's graduates, not the pair's.
        Assert.DoesNotContain(s.StudentId, (await s.Partner.LedgerAsync()).StudentIds());

        // Advice and a recommended position: yes. Notes, contacts, actions: no.
        var scene = await app.FairSceneAsync();
        var advice = await Api.Expect(await s.Partner.PostAsync($"/api/students/{s.StudentId}/plan/advice",
            new { text = "推荐无锡的对口岗位", positionId = scene.PositionId }), HttpStatusCode.Created);
        Assert.Equal(s.Supporting.ToString(), (string?)advice["author"]!["universityId"]);
        Assert.Equal(scene.PositionId.ToString(), (string?)advice["position"]!["id"]);
        await Api.ExpectProblem(await s.Partner.PostAsync($"/api/students/{s.StudentId}/plan/notes", new { text = "x" }),
            HttpStatusCode.Forbidden, "partner_only_advises");
        await Api.ExpectProblem(await s.Partner.PostAsync($"/api/students/{s.StudentId}/plan/actions",
            new { text = "x", dueAt = DateTimeOffset.UtcNow.AddDays(1) }), HttpStatusCode.Forbidden, "partner_only_advises");
        var actionId = Guid.Parse((string)entry["entries"]![0]!["id"]!);
        await Api.ExpectProblem(await s.Partner.PostAsync($"/api/students/{s.StudentId}/plan/actions/{actionId}/done", null),
            HttpStatusCode.Forbidden, "partner_only_advises");
        await Api.ExpectProblem(await s.Partner.PostAsync($"/api/students/{s.StudentId}/plan/advice", new { text = "x", positionId = Guid.NewGuid() }),
            HttpStatusCode.BadRequest);

        // The graduate's own counsellor sees the partner's advice in the plan; both see each other.
        var own = await s.Own.GetJsonAsync(plan);
        Assert.Contains(own["entries"]!.AsArray(), e => (string?)e!["kind"] == "advice" && (string?)e["author"]!["name"] == "周老师");
        var ownMe = await s.Own.GetJsonAsync("/api/counsellors/me");
        var partnerMe = await s.Partner.GetJsonAsync("/api/counsellors/me");
        Assert.Equal("周老师", (string?)ownMe["pairs"]![0]!["partner"]!["name"]);
        Assert.Equal("supported", (string?)ownMe["pairs"]![0]!["side"]);
        Assert.Equal("李老师", (string?)partnerMe["pairs"]![0]!["partner"]!["name"]);
        Assert.Equal(counsellorPair.ToString(), (string?)partnerMe["pairs"]![0]!["id"]);
    }

    [Fact]
    public async Task Every_read_and_change_of_a_ledger_entry_leaves_an_audit_entry_and_a_refused_read_leaves_none()
    {
        var s = await SceneAsync();
        var counsellorPair = await s.Centre.PairCounsellorsAsync(s.PairId, s.OwnId, s.PartnerId);
        var userIds = new Dictionary<string, Guid>();
        foreach (var (name, api) in new[] { ("own", s.Own), ("centre", s.Centre), ("partner", s.Partner), ("colleague", s.Colleague) })
            userIds[name] = Guid.Parse((string)(await api.GetJsonAsync("/api/me"))["userId"]!);
        Task<List<AuditEntry>> TrailAsync() => app.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.SubjectType == "ledger_entry" && a.SubjectId == s.StudentId).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync());

        // The scene itself: key groups set, assignment, note, contact, action.
        Assert.Equal(["key_groups_set", "ledger_assigned", "plan_note_added", "plan_contact_logged", "plan_action_added"],
            (await TrailAsync()).Select(a => a.Action).ToArray());

        var before = (await TrailAsync()).Count;
        await s.Own.GetJsonAsync($"/api/students/{s.StudentId}/plan");
        await s.Own.LedgerAsync();
        await s.Own.GetJsonAsync("/api/counsellors/me/actions");
        await s.Centre.GetJsonAsync($"/api/students/{s.StudentId}/plan");
        await s.Centre.GetJsonAsync($"/api/universities/{s.Supported}/ledger?q=陈同学");
        await s.Partner.GetJsonAsync($"/api/students/{s.StudentId}/plan");
        await s.Partner.GetJsonAsync($"/api/counsellor-pairs/{counsellorPair}/students");
        await s.Colleague.GetAsync($"/api/students/{s.StudentId}/plan");
        var actionId = await s.Own.AddActionAsync(s.StudentId, DateTimeOffset.UtcNow.AddDays(1));
        await Api.Expect(await s.Own.PostAsync($"/api/students/{s.StudentId}/plan/actions/{actionId}/done", null), HttpStatusCode.OK);
        await Api.Expect(await s.Partner.PostAsync($"/api/students/{s.StudentId}/plan/advice", new { text = "建议参加宁汉专场" }), HttpStatusCode.Created);
        await s.Centre.SetKeyGroupsAsync(s.StudentId, "hubei_origin");

        var trail = (await TrailAsync()).Skip(before).Select(a => (a.Action, a.ActorId, a.ActorRole)).ToList();
        Assert.Equal(new (string, Guid?, string)[]
        {
            ("ledger_read", userIds["own"], "counsellor"),
            ("ledger_listed", userIds["own"], "counsellor"),
            ("ledger_listed", userIds["own"], "counsellor"),
            ("ledger_read", userIds["centre"], "centre"),
            ("ledger_listed", userIds["centre"], "centre"),
            ("ledger_read", userIds["partner"], "counsellor"),
            ("ledger_listed", userIds["partner"], "counsellor"),
            ("plan_action_added", userIds["own"], "counsellor"),
            ("plan_action_done", userIds["own"], "counsellor"),
            ("plan_advice_added", userIds["partner"], "counsellor"),
            ("key_groups_set", userIds["centre"], "centre"),
        }, trail);
        var partnerRead = (await TrailAsync()).First(a => a.ActorId == userIds["partner"]);
        Assert.Contains(counsellorPair.ToString(), partnerRead.Detail, StringComparison.Ordinal);
        Assert.Equal("hubei_origin", (await TrailAsync()).Last().Detail);
        Assert.DoesNotContain(await app.WithDb(db => db.AuditEntries.Where(a => a.ActorId == userIds["colleague"]).Select(a => a.Action).ToListAsync()),
            a => a.StartsWith("ledger", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_ledger_pages_through_the_counsellors_graduates_and_refuses_what_it_cannot_answer()
    {
        var (_, supported, supporting) = await app.FirstPairAsync();
        var centre = await app.CentreAsync(supported);
        var major = GuidanceWorld.NewMajor();
        var (counsellor, _) = await app.CounsellorAsync(centre, supported, "孙老师", major);
        var graduates = await centre.GraduatesAsync(supported, major, 25);
        // The same major at the partner university is not this counsellor's.
        await (await app.CentreAsync(supporting)).GraduatesAsync(supporting, major, 2);

        var pages = new List<Guid>();
        for (var page = 1; page <= 3; page++)
        {
            var listed = await counsellor.GetJsonAsync($"/api/counsellors/me/students?page={page}&pageSize=10");
            Assert.Equal(25, (int)listed["total"]!);
            Assert.Equal(page < 3 ? 10 : 5, listed.Items().Count);
            var first = listed.Items()[0]!;
            foreach (var field in new[] { "studentId", "name", "major", "applications", "interviews", "offers", "signed", "lastContactAt", "openActions", "keyGroups" })
                Assert.True(first.AsObject().ContainsKey(field), $"an item lacks {field}");
            pages.AddRange(listed.StudentIds());
        }
        Assert.Equal(graduates.Order(), pages.Order());
        Assert.Empty((await counsellor.GetJsonAsync("/api/counsellors/me/students?page=4&pageSize=10")).Items());

        foreach (var bad in new[] { "pageSize=0", "pageSize=101", "page=0", "status=hired", "keyGroup=rich", "overdue=maybe" })
            await Api.ExpectProblem(await counsellor.GetAsync($"/api/counsellors/me/students?{bad}"), HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await centre.GetAsync("/api/counsellors/me/students"), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await app.Anonymous().GetAsync("/api/counsellors/me/students"), HttpStatusCode.Unauthorized);
        await Api.ExpectProblem(await counsellor.GetAsync($"/api/universities/{supported}/ledger"), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await counsellor.PostAsync($"/api/students/{graduates[0]}/plan/contacts",
            new { at = DateTimeOffset.UtcNow.AddDays(1), channel = "phone", summary = "x" }), HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await counsellor.PostAsync($"/api/students/{graduates[0]}/plan/contacts",
            new { at = DateTimeOffset.UtcNow, channel = "letter", summary = "x" }), HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await counsellor.PostAsync($"/api/students/{graduates[0]}/plan/actions", new { text = "", dueAt = DateTimeOffset.UtcNow }),
            HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await counsellor.PostAsync($"/api/students/{Guid.NewGuid()}/plan/notes", new { text = "x" }), HttpStatusCode.NotFound);
        Assert.Equal(0, await app.WithDb(db => db.PlanEntries.CountAsync(e => graduates.Contains(e.StudentId))));

        // Key groups: the centre filters by them, a counsellor too; unknown codes are refused and change nothing.
        await centre.SetKeyGroupsAsync(graduates[3], "ethnic_minority");
        await Api.ExpectProblem(await centre.Http.PutAsync(new Uri($"/api/students/{graduates[3]}/key-groups", UriKind.Relative),
            System.Net.Http.Json.JsonContent.Create(new { keyGroups = new[] { "vip" } })), HttpStatusCode.BadRequest);
        Assert.Equal([graduates[3]], (await counsellor.LedgerAsync("&keyGroup=ethnic_minority")).StudentIds());
        Assert.Equal([graduates[3]], (await centre.GetJsonAsync($"/api/universities/{supported}/ledger?keyGroup=ethnic_minority&q={Uri.EscapeDataString("王同学3")}")).StudentIds());
        var labels = await app.Anonymous().GetJsonAsync("/api/key-groups");
        Assert.Contains(labels.Items(), k => (string?)k!["code"] == "poor_household" && (string?)k["label"] == "建档立卡贫困家庭");
    }
}
