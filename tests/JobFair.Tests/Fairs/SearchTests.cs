using JobFair.Tests.Support;

namespace JobFair.Tests.Fairs;

/// <summary>A fair with Chinese and English postings, shared by the search tests (they only read).</summary>
public sealed class SearchFair : JobFairApp
{
    public Guid FairId { get; private set; }
    public Guid OtherFairId { get; private set; }
    public Guid HuaweiId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (pairId, supported, _) = await this.FirstPairAsync();
        using var host = await this.CentreAsync(supported);
        FairId = await host.CreateFairAsync(pairId, "搜索测试双选会");
        OtherFairId = await host.CreateFairAsync(pairId, "另一场");
        var (huawei, huaweiId) = await this.RecruiterAsync("华为技术有限公司");
        var (hospital, hospitalId) = await this.RecruiterAsync("武汉协和医院");
        HuaweiId = huaweiId;
        await host.ApproveAsync(huawei, FairId, huaweiId);
        await host.ApproveAsync(hospital, FairId, hospitalId);
        await host.ApproveAsync(hospital, OtherFairId, hospitalId);

        await huawei.PostPositionAsync(FairWorld.PositionBody([FairId], "嵌入式软件开发工程师", "负责通信设备嵌入式系统开发", "深圳", ["电子信息工程"], "master"));
        await huawei.PostPositionAsync(FairWorld.PositionBody([FairId], "Java 后端开发", "Build backend services in Java and Python", "武汉", ["计算机科学与技术"]));
        await huawei.PostPositionAsync(FairWorld.PositionBody([FairId], "财务会计", "负责财务软件的日常使用与报表", "武汉", ["会计学"]));
        await hospital.PostPositionAsync(FairWorld.PositionBody([FairId], "临床医生", "住院医师规范化培训", "武汉", ["临床医学"], "doctor"));
        await hospital.PostPositionAsync(FairWorld.PositionBody([OtherFairId], "护士", "软件开发经验不需要", "武汉", ["护理学"], "associate"));
        for (var i = 1; i <= 25; i++)
            await hospital.PostPositionAsync(FairWorld.PositionBody([FairId], $"行政助理 {i:00}", "协助科室行政工作", "荆州", ["行政管理"], "associate"));
    }
}

public sealed class SearchTests(SearchFair fair) : IClassFixture<SearchFair>
{
    private async Task<List<string?>> Search(string query)
    {
        using var api = fair.Anonymous();
        return (await api.GetJsonAsync($"/api/fairs/{fair.FairId}/positions?pageSize=100&{query}")).Titles();
    }

    private static string Q(string keywords) => "q=" + Uri.EscapeDataString(keywords);

    [Fact]
    public async Task Chinese_keywords_match_anywhere_in_title_description_employer_and_majors()
    {
        Assert.Equal(["嵌入式软件开发工程师"], await Search(Q("嵌入式")));
        Assert.Equal(["嵌入式软件开发工程师"], await Search(Q("开发工程师")));
        Assert.Equal(new[] { "Java 后端开发", "财务会计", "嵌入式软件开发工程师" }.Order(StringComparer.Ordinal),
            (await Search(Q("华为"))).Order(StringComparer.Ordinal));
        Assert.Equal(["Java 后端开发"], await Search(Q("计算机")));
        Assert.Equal(["临床医生"], await Search(Q("住院医师")));
    }

    [Fact]
    public async Task Results_are_ranked_title_matches_first()
    {
        // 软件 is in one title and in another posting's description only.
        Assert.Equal(["嵌入式软件开发工程师", "财务会计"], await Search(Q("软件")));
    }

    [Fact]
    public async Task English_words_match_whatever_their_case()
    {
        Assert.Equal(["Java 后端开发"], await Search(Q("java")));
        Assert.Equal(["Java 后端开发"], await Search(Q("PYTHON")));
        Assert.Equal(["Java 后端开发"], await Search(Q("java 后端")));
    }

    [Fact]
    public async Task Unrelated_keywords_and_other_fairs_postings_do_not_match()
    {
        Assert.Empty(await Search(Q("律师")));
        Assert.Empty(await Search(Q("kotlin")));
        Assert.Empty(await Search(Q("开发医生")));    // both words exist, but not together
        Assert.Empty(await Search(Q("护士")));        // only in the other fair
        Assert.Empty(await Search(Q("%_")));          // no keyword at all
    }

    [Fact]
    public async Task Filters_narrow_by_major_city_degree_and_employer()
    {
        Assert.Equal(["临床医生"], await Search("major=" + Uri.EscapeDataString("临床医学")));
        Assert.Equal(["嵌入式软件开发工程师"], await Search("city=" + Uri.EscapeDataString("深圳")));
        Assert.Equal(["嵌入式软件开发工程师"], await Search("degree=master"));
        Assert.Equal(3, (await Search($"employerId={fair.HuaweiId}")).Count);
        Assert.Equal(["财务会计"], await Search($"employerId={fair.HuaweiId}&{Q("会计")}"));
    }

    [Fact]
    public async Task Paging_is_stable_and_complete()
    {
        using var api = fair.Anonymous();
        var all = new List<string?>();
        for (var page = 1; page <= 4; page++)
        {
            var result = await api.GetJsonAsync($"/api/fairs/{fair.FairId}/positions?page={page}&pageSize=9&{Q("行政")}");
            Assert.Equal(25, (int)result["total"]!);
            all.AddRange(result.Items().Select(p => (string?)p!["id"]));
        }
        Assert.Equal(25, all.Count);
        Assert.Equal(25, all.Distinct().Count());
        var past = await api.GetJsonAsync($"/api/fairs/{fair.FairId}/positions?page=5&pageSize=9&{Q("行政")}");
        Assert.Empty(past.Items());
        Assert.Equal(25, (int)past["total"]!);
    }
}
