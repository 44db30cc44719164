using System.Net;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Students;

/// <summary>The centre's roster as its page shows it: claim status, search, filters, and the audit of codes and releases.</summary>
public sealed class RosterListTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task A_centre_lists_its_roster_with_claim_status_and_finds_rows_by_number_or_name()
    {
        var university = await app.UniversityIdAsync("武汉东湖学院");
        using var centre = await app.CentreAsync(university);
        var prefix = "L" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var codes = await centre.ImportRosterCodesAsync(university,
            $"{StudentWorld.RosterHeader}\n{prefix}01,欧阳明,软件工程,bachelor,2026\n{prefix}02,李华,会计学,master,2026\n{prefix}03,王芳,会计学,本科,2026\n");
        Assert.Equal(3, codes.Count);
        using var graduate = await app.RegisterAsync();
        await Api.Expect(await graduate.ClaimAsync(university, $"{prefix}02", "李华", codes[$"{prefix}02"]), HttpStatusCode.OK);

        var all = await centre.GetJsonAsync($"/api/universities/{university}/roster?q={prefix}");
        Assert.Equal(3, (int)all["total"]!);
        var rows = all.Items().ToDictionary(r => (string)r!["studentNo"]!);
        Assert.True((bool)rows[$"{prefix}02"]!["claimed"]!);
        Assert.NotNull(rows[$"{prefix}02"]!["claimedAt"]);
        Assert.Null(rows[$"{prefix}02"]!["codeExpiresAt"]);   // used up by the claim
        Assert.False((bool)rows[$"{prefix}01"]!["claimed"]!);
        Assert.NotNull(rows[$"{prefix}01"]!["codeExpiresAt"]);
        Assert.DoesNotContain("code", rows[$"{prefix}01"]!.AsObject().Select(p => p.Key));

        var unclaimed = await centre.GetJsonAsync($"/api/universities/{university}/roster?q={prefix}&claimed=false");
        Assert.Equal([$"{prefix}01", $"{prefix}03"], unclaimed.Items().Select(r => (string?)r!["studentNo"]));
        var byName = await centre.GetJsonAsync($"/api/universities/{university}/roster?q=欧阳");
        Assert.Contains($"{prefix}01", byName.Items().Select(r => (string?)r!["studentNo"]));
        Assert.All(byName.Items(), r => Assert.Contains("欧阳", (string)r!["name"]!, StringComparison.Ordinal));
        var paged = await centre.GetJsonAsync($"/api/universities/{university}/roster?q={prefix}&pageSize=2&page=2");
        Assert.Equal([$"{prefix}03"], paged.Items().Select(r => (string?)r!["studentNo"]));
    }

    [Fact]
    public async Task Only_the_own_centre_reads_a_roster_and_a_search_cannot_break_it()
    {
        var university = await app.UniversityIdAsync("武汉东湖学院");
        using var other = await app.CentreAsync(await app.UniversityIdAsync("南京大学"));
        using var centre = await app.CentreAsync(university);
        using var user = await app.RegisterAsync();

        await Api.ExpectProblem(await other.GetAsync($"/api/universities/{university}/roster"), HttpStatusCode.Forbidden, "not_own_university");
        await Api.ExpectProblem(await user.GetAsync($"/api/universities/{university}/roster"), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await centre.GetAsync($"/api/universities/{university}/roster?pageSize=1000"), HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await centre.GetAsync($"/api/universities/{university}/roster?q={new string('x', 51)}"), HttpStatusCode.BadRequest);
        // LIKE's wildcards are searched as text.
        Assert.Equal(0, (int)(await centre.GetJsonAsync($"/api/universities/{university}/roster?q=%25_%25"))["total"]!);
    }

    [Fact]
    public async Task Rejected_lines_carry_a_code_and_each_code_issued_or_claim_released_is_audited()
    {
        var university = await app.UniversityIdAsync("武汉东湖学院");
        using var centre = await app.CentreAsync(university);
        var no = StudentWorld.NewStudentNo();
        var imported = await Api.Expect(await centre.ImportRosterAsync(university,
            $"{StudentWorld.RosterHeader}\n{no},张伟,软件工程,bachelor,2026\nX1,名字,专业,phd,2026\n{no},张伟,软件工程,bachelor,2026\n"), HttpStatusCode.OK);
        Assert.Equal(["degree", "duplicate"], imported["rejected"]!.AsArray().Select(r => (string?)r!["code"]));
        Assert.Equal("张伟", (string?)imported["activationCodes"]![0]!["name"]);

        var issued = await Api.Expect(await centre.PostAsync($"/api/universities/{university}/roster/{no}/activation-code", null), HttpStatusCode.Created);
        Assert.Equal("张伟", (string?)issued["name"]);
        using var graduate = await app.RegisterAsync();
        await Api.Expect(await graduate.ClaimAsync(university, no, "张伟", (string)issued["code"]!), HttpStatusCode.OK);
        await Api.Expect(await centre.PostAsync($"/api/universities/{university}/roster/{no}/release", new { reason = "本人反映被冒认" }), HttpStatusCode.OK);

        var actions = await app.WithDb(db => db.AuditEntries.Where(a => a.Detail != null && a.Detail.Contains(no))
            .OrderBy(a => a.At).Select(a => a.Action).ToListAsync());
        Assert.Equal(["activation_code_issued", "claim_released"], actions);
    }
}
