using System.Net;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Guidance;

/// <summary>Counsellor accounts, counsellor pairs across a 一帮一 pair, and graduates assigned by the centre.</summary>
public sealed class CounsellorTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task A_centre_creates_counsellor_accounts_for_its_own_university_only()
    {
        var (_, supported, supporting) = await app.FirstPairAsync();
        var centre = await app.CentreAsync(supported);
        var email = Callers.NewEmail("counsellor");
        var body = new { email, password = Callers.Password, name = "李老师", department = "计算机学院", majors = new[] { "软件工程", "物联网工程" } };

        var created = await Api.Expect(await centre.PostAsync($"/api/universities/{supported}/counsellors", body), HttpStatusCode.Created);
        Assert.Equal(["软件工程", "物联网工程"], created["majors"]!.AsArray().Select(m => (string)m!));
        await Api.ExpectProblem(await centre.PostAsync($"/api/universities/{supported}/counsellors", body), HttpStatusCode.Conflict, "email_taken");
        await Api.ExpectProblem(await centre.PostAsync($"/api/universities/{supported}/counsellors",
            new { email = Callers.NewEmail(), password = Callers.Password, name = "", department = "x", majors = Array.Empty<string>() }),
            HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await centre.PostAsync($"/api/universities/{supporting}/counsellors",
            new { email = Callers.NewEmail(), password = Callers.Password, name = "王老师", department = "x", majors = Array.Empty<string>() }),
            HttpStatusCode.Forbidden, "not_own_university");
        var counsellor = await new Api(app.CreateClient()) { Email = email }.SignInAsync();
        await Api.ExpectProblem(await counsellor.PostAsync($"/api/universities/{supported}/counsellors",
            new { email = Callers.NewEmail(), password = Callers.Password, name = "王老师", department = "x", majors = Array.Empty<string>() }),
            HttpStatusCode.Forbidden);

        var me = await counsellor.GetJsonAsync("/api/me");
        Assert.Equal(["counsellor"], me["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(supported.ToString(), (string?)me["universityId"]);
        var mine = await counsellor.GetJsonAsync("/api/counsellors/me");
        Assert.Equal(("李老师", "计算机学院", 0), ((string)mine["counsellor"]!["name"]!, (string)mine["counsellor"]!["department"]!, (int)mine["students"]!));
        Assert.Empty(mine["pairs"]!.AsArray());
        var listed = await centre.GetJsonAsync($"/api/universities/{supported}/counsellors");
        Assert.Contains(listed.Items(), c => (string?)c!["email"] == email);
        await Api.ExpectProblem(await (await app.CentreAsync(supporting)).GetAsync($"/api/universities/{supported}/counsellors"),
            HttpStatusCode.Forbidden, "not_own_university");
        // A counsellor is not a centre: none of the centre's routes open to them.
        await Api.ExpectProblem(await counsellor.GetAsync($"/api/universities/{supported}/applications"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Either_centre_pairs_counsellors_across_the_pair_and_each_counsellor_has_one_partner_per_pair()
    {
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        var centre = await app.CentreAsync(supported);
        var partnerCentre = await app.CentreAsync(supporting);
        var (_, a) = await app.CounsellorAsync(centre, supported, "甲老师");
        var (_, b) = await app.CounsellorAsync(centre, supported, "乙老师");
        var (_, x) = await app.CounsellorAsync(partnerCentre, supporting, "丙老师");
        var (_, y) = await app.CounsellorAsync(partnerCentre, supporting, "丁老师");

        var pair = await Api.Expect(await centre.PostAsync($"/api/pairs/{pairId}/counsellor-pairs",
            new { supportedCounsellorId = a, supportingCounsellorId = x }), HttpStatusCode.Created);
        Assert.Equal(("甲老师", "丙老师"), ((string)pair["supported"]!["name"]!, (string)pair["supporting"]!["name"]!));
        // a already has x; x already has a: both refused, from either centre.
        await Api.ExpectProblem(await partnerCentre.PostAsync($"/api/pairs/{pairId}/counsellor-pairs",
            new { supportedCounsellorId = a, supportingCounsellorId = y }), HttpStatusCode.Conflict, "counsellor_already_paired");
        await Api.ExpectProblem(await centre.PostAsync($"/api/pairs/{pairId}/counsellor-pairs",
            new { supportedCounsellorId = b, supportingCounsellorId = x }), HttpStatusCode.Conflict, "counsellor_already_paired");
        // Sides are sides; outsiders and unknown pairs are refused.
        await Api.ExpectProblem(await centre.PostAsync($"/api/pairs/{pairId}/counsellor-pairs",
            new { supportedCounsellorId = y, supportingCounsellorId = b }), HttpStatusCode.BadRequest);
        var outsider = await app.CentreAsync(await app.UniversityIdAsync("厦门大学"));
        await Api.ExpectProblem(await outsider.PostAsync($"/api/pairs/{pairId}/counsellor-pairs",
            new { supportedCounsellorId = b, supportingCounsellorId = y }), HttpStatusCode.Forbidden, "not_pair_member");
        await Api.ExpectProblem(await centre.PostAsync($"/api/pairs/{Guid.NewGuid()}/counsellor-pairs",
            new { supportedCounsellorId = b, supportingCounsellorId = y }), HttpStatusCode.NotFound);

        // Two centres pairing b at the same moment with two partners: the database lets exactly one win.
        var (_, z) = await app.CounsellorAsync(partnerCentre, supporting, "戊老师");
        var race = await Task.WhenAll(
            centre.PostAsync($"/api/pairs/{pairId}/counsellor-pairs", new { supportedCounsellorId = b, supportingCounsellorId = y }),
            partnerCentre.PostAsync($"/api/pairs/{pairId}/counsellor-pairs", new { supportedCounsellorId = b, supportingCounsellorId = z }));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], race.Select(r => r.StatusCode).Order());
        Assert.Equal(1, await app.WithDb(db => db.CounsellorPairs.CountAsync(p => p.PairId == pairId && p.SupportedCounsellorId == b)));

        var pairs = await partnerCentre.GetJsonAsync($"/api/pairs/{pairId}/counsellor-pairs");
        Assert.Equal(2, (int)pairs["total"]!);
        Assert.Equal(2, (int)(await (await app.AdminAsync()).GetJsonAsync($"/api/pairs/{pairId}/counsellor-pairs"))["total"]!);
        await Api.ExpectProblem(await outsider.GetAsync($"/api/pairs/{pairId}/counsellor-pairs"), HttpStatusCode.Forbidden, "not_pair_member");
    }

    [Fact]
    public async Task A_centre_assigns_its_graduates_to_its_counsellors_and_takes_them_off_again()
    {
        var (_, supported, supporting) = await app.FirstPairAsync();
        var centre = await app.CentreAsync(supported);
        var partnerCentre = await app.CentreAsync(supporting);
        var (counsellor, counsellorId) = await app.CounsellorAsync(centre, supported, "郑老师", GuidanceWorld.NewMajor());
        var (_, partnerId) = await app.CounsellorAsync(partnerCentre, supporting, "冯老师");
        var graduate = (await centre.GraduatesAsync(supported, "英语", 1, "分配同学"))[0];
        var stranger = (await partnerCentre.GraduatesAsync(supporting, "英语", 1, "外校同学"))[0];

        Assert.Empty((await counsellor.LedgerAsync()).Items());
        await Api.Expect(await centre.PostAsync($"/api/counsellors/{counsellorId}/students", new { studentId = graduate }), HttpStatusCode.Created);
        Assert.Equal([graduate], (await counsellor.LedgerAsync()).StudentIds());
        Assert.Equal(1, (int)(await counsellor.GetJsonAsync("/api/counsellors/me"))["students"]!);
        await Api.ExpectProblem(await centre.PostAsync($"/api/counsellors/{counsellorId}/students", new { studentId = graduate }),
            HttpStatusCode.Conflict, "already_assigned");
        await Api.ExpectProblem(await centre.PostAsync($"/api/counsellors/{counsellorId}/students", new { studentId = stranger }),
            HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await centre.PostAsync($"/api/counsellors/{partnerId}/students", new { studentId = graduate }), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await partnerCentre.PostAsync($"/api/counsellors/{counsellorId}/students", new { studentId = stranger }),
            HttpStatusCode.NotFound);
        await Api.ExpectProblem(await partnerCentre.Http.DeleteAsync(new Uri($"/api/counsellors/{counsellorId}/students/{graduate}", UriKind.Relative)),
            HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent,
            (await centre.Http.DeleteAsync(new Uri($"/api/counsellors/{counsellorId}/students/{graduate}", UriKind.Relative))).StatusCode);
        Assert.Empty((await counsellor.LedgerAsync()).Items());
        await Api.ExpectProblem(await counsellor.GetAsync($"/api/students/{graduate}/plan"), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await centre.Http.DeleteAsync(new Uri($"/api/counsellors/{counsellorId}/students/{graduate}", UriKind.Relative)),
            HttpStatusCode.NotFound);
    }
}
