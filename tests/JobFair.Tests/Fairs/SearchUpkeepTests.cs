using System.Net;
using System.Net.Http.Json;
using JobFair.Tests.Support;

namespace JobFair.Tests.Fairs;

/// <summary>
/// Search reads its own entries, kept by the database as postings are shared, edited and closed
/// (0007_search_entries.sql): what a recruiter changes is what the next search finds.
/// </summary>
public sealed class SearchUpkeepTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private async Task<(Api Host, Guid PairId, Guid FairId)> FairAsync()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        var host = await app.CentreAsync(supported);
        return (host, pairId, await host.CreateFairAsync(pairId));
    }

    private async Task<(Api Recruiter, Guid FairId)> RecruiterInFairAsync(string? employer = null)
    {
        var (host, _, fairId) = await FairAsync();
        var (recruiter, employerId) = await app.RecruiterAsync(employer);
        await host.ApproveAsync(recruiter, fairId, employerId);
        return (recruiter, fairId);
    }

    /// <summary>The titles found, best first, joined with " | ", and the total.</summary>
    private async Task<(string Titles, int Total)> SearchAsync(Guid fairId, string query)
    {
        using var api = app.Anonymous();
        var page = await api.GetJsonAsync($"/api/fairs/{fairId}/positions?pageSize=100&{query}");
        return (string.Join(" | ", page.Titles()), (int)page["total"]!);
    }

    private static string Q(string keywords) => "q=" + Uri.EscapeDataString(keywords);

    [Fact]
    public async Task An_edited_posting_is_found_by_its_new_words_only()
    {
        var (recruiter, fairId) = await RecruiterInFairAsync();
        var id = await recruiter.PostPositionAsync(FairWorld.PositionBody([fairId], "嵌入式工程师", "负责单片机开发"));
        Assert.Equal(("嵌入式工程师", 1), await SearchAsync(fairId, Q("嵌入式")));

        await Api.Expect(await recruiter.Http.PutAsJsonAsync(new Uri($"/api/positions/{id}", UriKind.Relative),
            FairWorld.PositionBody([], "测试工程师", "负责自动化测试", city: "宜昌")), HttpStatusCode.OK);

        Assert.Equal(("", 0), await SearchAsync(fairId, Q("嵌入式")));
        Assert.Equal(("", 0), await SearchAsync(fairId, Q("单片机")));
        Assert.Equal(("测试工程师", 1), await SearchAsync(fairId, Q("自动化测试")));
        Assert.Equal(("测试工程师", 1), await SearchAsync(fairId, Q("工程师") + "&city=" + Uri.EscapeDataString("宜昌")));
        Assert.Equal(("", 0), await SearchAsync(fairId, Q("工程师") + "&city=" + Uri.EscapeDataString("武汉")));
    }

    [Fact]
    public async Task A_closed_posting_leaves_search_and_its_total()
    {
        var (recruiter, fairId) = await RecruiterInFairAsync();
        var id = await recruiter.PostPositionAsync(FairWorld.PositionBody([fairId], "造价工程师"));
        await recruiter.PostPositionAsync(FairWorld.PositionBody([fairId], "造价员"));
        Assert.Equal(2, (await SearchAsync(fairId, Q("造价"))).Total);

        await Api.Expect(await recruiter.PostAsync($"/api/positions/{id}/close", null), HttpStatusCode.OK);

        Assert.Equal(("造价员", 1), await SearchAsync(fairId, Q("造价")));
        Assert.Equal(("造价员", 1), await SearchAsync(fairId, ""));
    }

    [Fact]
    public async Task The_list_without_keywords_counts_what_it_lists_on_every_page()
    {
        var (host, _, fairId) = await FairAsync();
        var (recruiter, employerId) = await app.RecruiterAsync();
        var (disputed, disputedId) = await app.RecruiterAsync();
        await host.ApproveAsync(recruiter, fairId, employerId);
        await host.ApproveAsync(disputed, fairId, disputedId);
        var ids = new List<Guid>();
        for (var i = 1; i <= 5; i++) ids.Add(await recruiter.PostPositionAsync(FairWorld.PositionBody([fairId], $"岗位{i}", city: i % 2 == 0 ? "宜昌" : "武汉")));
        await disputed.PostPositionAsync(FairWorld.PositionBody([fairId], "争议岗位"));
        await Api.Expect(await recruiter.PostAsync($"/api/positions/{ids[0]}/close", null), HttpStatusCode.OK);
        using var admin = await app.AdminAsync();
        await Api.Expect(await admin.PostAsync($"/api/admin/employers/{disputedId}/suspend", new { reason = "信用代码归属争议" }), HttpStatusCode.OK);

        Assert.Equal(("岗位5 | 岗位4 | 岗位3 | 岗位2", 4), await SearchAsync(fairId, ""));
        Assert.Equal(("岗位4 | 岗位2", 2), await SearchAsync(fairId, "city=" + Uri.EscapeDataString("宜昌")));
        using var anyone = app.Anonymous();
        foreach (var page in new[] { 1, 2, 3 })
        {
            var list = await anyone.GetJsonAsync($"/api/fairs/{fairId}/positions?pageSize=3&page={page}");
            Assert.Equal(4, (int)list["total"]!);
            Assert.Equal(page switch { 1 => 3, 2 => 1, _ => 0 }, list.Items().Count);
        }
    }

    [Fact]
    public async Task A_posting_shared_into_another_fair_is_found_there_too()
    {
        var (host, pairId, fairId) = await FairAsync();
        var otherFairId = await host.CreateFairAsync(pairId, "第二场");
        var (recruiter, employerId) = await app.RecruiterAsync();
        await host.ApproveAsync(recruiter, fairId, employerId);
        await host.ApproveAsync(recruiter, otherFairId, employerId);
        var id = await recruiter.PostPositionAsync(FairWorld.PositionBody([fairId], "同声传译"));
        Assert.Equal(("", 0), await SearchAsync(otherFairId, Q("传译")));

        await Api.Expect(await recruiter.PostAsync($"/api/positions/{id}/fairs", new { fairId = otherFairId }), HttpStatusCode.OK);

        Assert.Equal(("同声传译", 1), await SearchAsync(otherFairId, Q("传译")));
        Assert.Equal(("同声传译", 1), await SearchAsync(fairId, Q("传译")));
    }

    [Fact]
    public async Task Filters_match_values_with_quotes_backslashes_and_spaces_exactly()
    {
        var (recruiter, fairId) = await RecruiterInFairAsync();
        await recruiter.PostPositionAsync(FairWorld.PositionBody([fairId], "翻译", city: @"O'Hare \ 芝加哥", majors: ["英语 (翻译)", @"a\b"]));
        await recruiter.PostPositionAsync(FairWorld.PositionBody([fairId], "翻译助理", city: "O'Hare", majors: ["英语"]));

        Assert.Equal(("翻译", 1), await SearchAsync(fairId, Q("翻译") + "&city=" + Uri.EscapeDataString(@"O'Hare \ 芝加哥")));
        Assert.Equal(("翻译", 1), await SearchAsync(fairId, Q("翻译") + "&major=" + Uri.EscapeDataString("英语 (翻译)")));
        Assert.Equal(("翻译", 1), await SearchAsync(fairId, Q("翻译") + "&major=" + Uri.EscapeDataString(@"a\b")));
        Assert.Equal(("翻译助理", 1), await SearchAsync(fairId, Q("翻译") + "&city=" + Uri.EscapeDataString("O'Hare")));
        Assert.Equal(("翻译助理", 1), await SearchAsync(fairId, Q("翻译") + "&degree=bachelor&major=" + Uri.EscapeDataString("英语")));
        Assert.Equal(("", 0), await SearchAsync(fairId, Q("翻译") + "&degree=master"));
    }

    [Fact]
    public async Task Title_matches_come_first_then_employer_matches_then_the_rest_each_newest_first()
    {
        var (host, _, fairId) = await FairAsync();
        var (software, softwareId) = await app.RecruiterAsync("光谷软件有限公司");
        var (hospital, hospitalId) = await app.RecruiterAsync("武汉协和医院");
        await host.ApproveAsync(software, fairId, softwareId);
        await host.ApproveAsync(hospital, fairId, hospitalId);

        await hospital.PostPositionAsync(FairWorld.PositionBody([fairId], "行政助理", "熟练使用办公软件"));
        await hospital.PostPositionAsync(FairWorld.PositionBody([fairId], "软件测试", "测试医院信息系统"));
        await software.PostPositionAsync(FairWorld.PositionBody([fairId], "会计", "负责账务"));
        await hospital.PostPositionAsync(FairWorld.PositionBody([fairId], "软件开发", "开发医院信息系统"));

        Assert.Equal(("软件开发 | 软件测试 | 会计 | 行政助理", 4), await SearchAsync(fairId, Q("软件")));
    }
}
