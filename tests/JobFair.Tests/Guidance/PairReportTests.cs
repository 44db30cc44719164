using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using JobFair.Server.Features.Guidance.Pushes;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Guidance;

/// <summary>The pair report: everything a 一帮一 pair did, by side, equal to a recount from the source rows; its CSV; who may read it.</summary>
public sealed class PairReportTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private static readonly string[] Figures =
        ["fairs", "employers", "positions", "applications", "interviews", "offers", "signings", "pushes"];

    /// <summary>
    /// The report's definitions, recounted here from rows loaded as they are (no SQL shared with
    /// the server): a fair and what was approved and shared in it belong to the side whose centre
    /// created it, applications and their outcomes to the applicant's university, activities to the
    /// side that recorded them, ledger coverage to each university's roster.
    /// </summary>
    private Task<Dictionary<string, long>> RecountAsync(Guid pairId, Guid side) => app.WithDb(async db =>
    {
        var fairs = await db.Fairs.AsNoTracking().Where(f => f.PairId == pairId && f.Status != "draft").ToListAsync();
        var creators = await db.Users.AsNoTracking().Select(u => new { u.Id, u.UniversityId }).ToDictionaryAsync(u => u.Id, u => u.UniversityId);
        var organised = fairs.Where(f => creators[f.CreatedBy] == side).Select(f => f.Id).ToHashSet();
        var pairFairs = fairs.Select(f => f.Id).ToHashSet();
        var applications = (await db.Applications.AsNoTracking().ToListAsync()).Where(a => pairFairs.Contains(a.FairId) && a.UniversityId == side).ToList();
        var transitions = (await db.ApplicationTransitions.AsNoTracking().ToListAsync()).ToLookup(t => t.ApplicationId);
        var activities = (await db.PairActivities.AsNoTracking().ToListAsync()).Where(a => a.PairId == pairId && a.UniversityId == side).ToList();
        var graduates = (await db.Students.AsNoTracking().ToListAsync()).Where(s => s.UniversityId == side).Select(s => s.Id).ToList();
        var planned = (await db.PlanEntries.AsNoTracking().ToListAsync()).Where(e => e.Kind == "action").Select(e => e.StudentId).ToHashSet();
        return new Dictionary<string, long>
        {
            ["fairs"] = organised.Count,
            ["employers"] = (await db.Participations.AsNoTracking().ToListAsync())
                .Where(p => organised.Contains(p.FairId) && p.Status == "approved").Select(p => p.EmployerId).Distinct().Count(),
            ["positions"] = (await db.PositionFairs.AsNoTracking().ToListAsync()).Where(pf => organised.Contains(pf.FairId)).Select(pf => pf.PositionId).Distinct().Count(),
            ["applications"] = applications.Count,
            ["interviews"] = applications.Count(a => transitions[a.Id].Any(t => t.ToStatus == "interview_invited")),
            ["offers"] = applications.Count(a => transitions[a.Id].Any(t => t.ToStatus == "offered")),
            ["signings"] = applications.Count(a => a.Status == "signed"),
            ["pushes"] = (await db.Recommendations.AsNoTracking().ToListAsync())
                .Count(r => r.PushedAt != null && pairFairs.Contains(r.FairId) && graduates.Contains(r.StudentId)),
            ["activities.meetings"] = activities.Count(a => a.Kind == "meeting"),
            ["activities.courses"] = activities.Count(a => a.Kind == "course"),
            ["activities.camps"] = activities.Count(a => a.Kind == "camp"),
            ["activities.agreements"] = activities.Count(a => a.Kind == "agreement"),
            ["activities.other"] = activities.Count(a => a.Kind == "other"),
            ["activities.participants"] = activities.Sum(a => (long)a.Participants),
            ["ledger.graduates"] = graduates.Count,
            ["ledger.withPlan"] = graduates.Count(planned.Contains),
        };
    });

    private static Dictionary<string, long> Side(JsonNode side)
    {
        var figures = Figures.ToDictionary(f => f, f => (long)side[f]!);
        foreach (var kind in new[] { "meetings", "courses", "camps", "agreements", "other", "participants" })
            figures["activities." + kind] = (long)side["activities"]![kind]!;
        figures["ledger.graduates"] = (long)side["ledger"]!["graduates"]!;
        figures["ledger.withPlan"] = (long)side["ledger"]!["withPlan"]!;
        return figures;
    }

    [Fact]
    public async Task The_report_of_a_pairs_work_equals_a_recount_split_by_side_and_its_CSV_says_the_same()
    {
        var random = new Random(20200423);
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        var centre = await app.CentreAsync(supported);
        var partnerCentre = await app.CentreAsync(supporting);
        // One fair organised by each side, and a draft that does not count.
        var ownFair = await centre.CreateFairAsync(pairId, "东湖学院主办双选会");
        var partnerFair = await partnerCentre.CreateFairAsync(pairId, "南京大学主办双选会");
        await partnerCentre.CreateFairAsync(pairId, "筹备中", publish: false);
        var recruiters = new List<(Api Api, Guid Employer)>();
        for (var i = 0; i < 3; i++) recruiters.Add(await app.RecruiterAsync());
        await centre.ApproveAsync(recruiters[0].Api, ownFair, recruiters[0].Employer);
        await partnerCentre.ApproveAsync(recruiters[0].Api, partnerFair, recruiters[0].Employer);
        await centre.ApproveAsync(recruiters[1].Api, ownFair, recruiters[1].Employer);
        await partnerCentre.ApproveAsync(recruiters[2].Api, partnerFair, recruiters[2].Employer);
        // One posting is of the students' major: it is pushed to each of them when they claim their records.
        var major = GuidanceWorld.NewMajor();
        var postings = new List<(Api Recruiter, Guid Position, Guid[] Fairs)>();
        foreach (var (recruiter, fairs, majors) in new[] { (0, new[] { ownFair, partnerFair }, (string[]?)null), (0, new[] { ownFair }, null),
                     (1, new[] { ownFair }, [major]), (2, new[] { partnerFair }, null) })
            postings.Add((recruiters[recruiter].Api, await recruiters[recruiter].Api.PostPositionAsync(FairWorld.PositionBody(fairs, majors: majors)), fairs));

        var students = new List<(Api Api, Guid Id, Guid Resume)>();
        foreach (var (university, host, n) in new[] { (supported, centre, 4), (supporting, partnerCentre, 3) })
            for (var i = 0; i < n; i++)
            {
                var (student, id) = await app.StudentAsync(university, host, $"报告同学{i}", major);
                students.Add((student, id, await student.UploadResumeAsync()));
            }
        var applications = new List<(Api Student, Api Recruiter, Guid Id)>();
        for (var step = 0; step < 45; step++)
        {
            var s = students[random.Next(students.Count)];
            switch (random.Next(5))
            {
                case 0 or 1:
                    var (recruiter, position, fairs) = postings[random.Next(postings.Count)];
                    var applied = await s.Api.PostAsync("/api/applications", new { positionId = position, fairId = fairs[random.Next(fairs.Length)], resumeId = s.Resume });
                    if (applied.StatusCode == HttpStatusCode.Created)
                        applications.Add((s.Api, recruiter, Guid.Parse((string)(await Api.Expect(applied, HttpStatusCode.Created))["id"]!)));
                    break;
                case 2 when applications.Count > 0:
                    var a = applications[random.Next(applications.Count)];
                    await a.Recruiter.PostAsync($"/api/applications/{a.Id}/invite", new { message = "面试" });
                    break;
                case 3 when applications.Count > 0:
                    var b = applications[random.Next(applications.Count)];
                    await b.Recruiter.SetStatusAsync(b.Id, new[] { "offered", "offered", "rejected", "viewed" }[random.Next(4)]);
                    break;
                case 4 when applications.Count > 0:
                    var c = applications[random.Next(applications.Count)];
                    await c.Student.SetStatusAsync(c.Id, "accepted");
                    break;
            }
        }
        foreach (var (host, kind, participants) in new[] { (centre, "meeting", 12), (centre, "meeting", 8), (centre, "course", 300), (partnerCentre, "agreement", 20), (partnerCentre, "camp", 60) })
            await Api.Expect(await host.PostAsync($"/api/pairs/{pairId}/activities",
                new { kind, title = "结对活动", heldAt = DateTimeOffset.UtcNow.AddDays(-2), participants }), HttpStatusCode.Created);
        // Plans: an action makes a plan; a note alone does not.
        var (counsellor, _) = await app.CounsellorAsync(centre, supported, "报告老师", major);
        var (partner, _) = await app.CounsellorAsync(partnerCentre, supporting, "伙伴老师", major);
        await counsellor.AddActionAsync(students[0].Id, DateTimeOffset.UtcNow.AddDays(3));
        await counsellor.AddActionAsync(students[1].Id, DateTimeOffset.UtcNow.AddDays(3));
        await Api.Expect(await counsellor.PostAsync($"/api/students/{students[2].Id}/plan/notes", new { text = "仅备注" }), HttpStatusCode.Created);
        await partner.AddActionAsync(students[4].Id, DateTimeOffset.UtcNow.AddDays(3));
        await centre.SetKeyGroupsAsync(students[0].Id, "poor_household");
        await app.AllEventsDeliveredAsync(); // the pushes are made by a consumer

        var response = await centre.GetAsync($"/api/pairs/{pairId}/report");
        var text = await response.Content.ReadAsStringAsync();
        var report = await Api.Expect(response, HttpStatusCode.OK);

        var ownRecount = await RecountAsync(pairId, supported);
        var partnerRecount = await RecountAsync(pairId, supporting);
        Assert.True(ownRecount["applications"] > 3 && partnerRecount["applications"] > 0 && ownRecount["interviews"] + partnerRecount["interviews"] > 0,
            "the workload should have done something on both sides");
        Assert.Equal((1, 1, 2, 1), (ownRecount["fairs"], partnerRecount["fairs"], ownRecount["ledger.withPlan"], partnerRecount["ledger.withPlan"]));
        Assert.Equal((4, 3), (ownRecount["pushes"], partnerRecount["pushes"])); // the one posting of their major, to each student
        Assert.Equal(ownRecount, Side(report["supported"]!));
        Assert.Equal(partnerRecount, Side(report["supporting"]!));
        Assert.Equal(supported.ToString(), (string?)report["supported"]!["universityId"]);
        Assert.DoesNotContain("poor_household", text, StringComparison.Ordinal);
        // The partner centre and the admin read the same report.
        Assert.Equal(Side(report["supporting"]!), Side((await partnerCentre.GetJsonAsync($"/api/pairs/{pairId}/report"))["supporting"]!));
        Assert.Equal(Side(report["supported"]!), Side((await (await app.AdminAsync()).GetJsonAsync($"/api/pairs/{pairId}/report"))["supported"]!));

        // CSV: UTF-8 with a BOM, one row per figure, a column per side, the same numbers.
        var csvResponse = await partnerCentre.GetAsync($"/api/pairs/{pairId}/report?format=csv");
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var bytes = await csvResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("figure,supported,supporting", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(r => r[0], r => (r[1], r[2]));
        Assert.Equal(((string)report["supported"]!["university"]!, (string)report["supporting"]!["university"]!), rows["university"]);
        foreach (var (figure, value) in ownRecount)
            Assert.Equal((value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                partnerRecount[figure].ToString(System.Globalization.CultureInfo.InvariantCulture)), rows[figure]);
    }

    [Fact]
    public async Task Only_the_pairs_two_centres_and_the_admin_read_its_report()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        var centre = await app.CentreAsync(supported);
        var outsider = await app.CentreAsync(await app.UniversityIdAsync("厦门大学"));
        var (counsellor, _) = await app.CounsellorAsync(centre, supported);
        var (recruiter, _) = await app.RecruiterAsync();
        var url = $"/api/pairs/{pairId}/report";

        await Api.Expect(await centre.GetAsync(url), HttpStatusCode.OK);
        foreach (var caller in new[] { outsider, counsellor, recruiter })
            await Api.ExpectProblem(await caller.GetAsync(url), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await outsider.GetAsync(url), HttpStatusCode.Forbidden, "not_pair_member");
        await Api.ExpectProblem(await app.Anonymous().GetAsync(url), HttpStatusCode.Unauthorized);
        await Api.ExpectProblem(await centre.GetAsync($"/api/pairs/{Guid.NewGuid()}/report"), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await centre.GetAsync(url + "?format=xml"), HttpStatusCode.BadRequest);
    }
}
