using System.Net;
using JobFair.Server.Features.Universities;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobFair.Tests.Foundation;

public sealed class ReferenceDataTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task The_76_second_batch_pairs_are_listed_in_official_order()
    {
        using var api = app.Anonymous();
        var page = await api.GetJsonAsync("/api/pairs?batch=2&pageSize=100");

        Assert.Equal(76, (int)page["total"]!);
        var items = page.Items();
        Assert.Equal(76, items.Count);
        var first = items[0]!;
        Assert.Equal(1, (int)first["seq"]!);
        Assert.Equal("武汉东湖学院", (string?)first["supported"]!["name"]);
        Assert.Equal("南京大学", (string?)first["supporting"]!["name"]);
        Assert.Equal(Enumerable.Range(1, 76), items.Select(p => (int)p!["seq"]!));
        var last = items[75]!;
        Assert.Equal("荆州教育学院", (string?)last["supported"]!["name"]);
        Assert.Equal("连云港师范高等专科学校", (string?)last["supporting"]!["name"]);
    }

    [Fact]
    public async Task The_known_first_batch_pairs_are_listed_with_what_they_did()
    {
        using var api = app.Anonymous();
        var page = await api.GetJsonAsync("/api/pairs?batch=1");

        Assert.Equal(11, (int)page["total"]!);
        var jiangnan = page.Items().Single(p => (string?)p!["supporting"]!["name"] == "江南大学")!;
        Assert.Equal("武汉华夏理工学院", (string?)jiangnan["supported"]!["name"]);
        Assert.Contains("317 employers", (string?)jiangnan["reportedActivity"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Universities_filter_by_Hubei_and_name_and_every_Hubei_one_is_marked()
    {
        using var api = app.Anonymous();
        var hubei = await api.GetJsonAsync("/api/universities?hubei=true&pageSize=100");
        var others = await api.GetJsonAsync("/api/universities?hubei=false&pageSize=100");
        var all = await api.GetJsonAsync("/api/universities?pageSize=1");

        Assert.Equal(87, (int)hubei["total"]!);
        Assert.Equal(87, (int)others["total"]!);
        Assert.Equal(174, (int)all["total"]!);
        Assert.All(hubei.Items(), u => Assert.Equal("湖北", (string?)u!["province"]));
        Assert.All(others.Items(), u => Assert.NotEqual("湖北", (string?)u!["province"]));

        var wuhan = await api.GetJsonAsync($"/api/universities?q={Uri.EscapeDataString("武汉纺织")}");
        Assert.Equal(["武汉纺织大学", "武汉纺织大学外经贸学院"], wuhan.Items().Select(u => (string?)u!["name"]).Order());
        var literal = await api.GetJsonAsync("/api/universities?q=%25");
        Assert.Equal(0, (int)literal["total"]!);
    }

    [Fact]
    public async Task Pairs_filter_by_university_on_either_side()
    {
        var nanjing = await app.UniversityIdAsync("南京大学");
        var donghu = await app.UniversityIdAsync("武汉东湖学院");
        using var api = app.Anonymous();

        foreach (var id in new[] { nanjing, donghu })
        {
            var page = await api.GetJsonAsync($"/api/pairs?universityId={id}");
            var pair = Assert.Single(page.Items())!;
            Assert.Equal(1, (int)pair["seq"]!);
        }
    }

    [Fact]
    public async Task Paging_is_stable_and_bad_paging_is_a_validation_problem()
    {
        using var api = app.Anonymous();
        var first = await api.GetJsonAsync("/api/pairs?batch=2&page=1&pageSize=30");
        var second = await api.GetJsonAsync("/api/pairs?batch=2&page=2&pageSize=30");
        var third = await api.GetJsonAsync("/api/pairs?batch=2&page=3&pageSize=30");
        var seqs = first.Items().Concat(second.Items()).Concat(third.Items()).Select(p => (int)p!["seq"]!).ToList();
        Assert.Equal(Enumerable.Range(1, 76), seqs);

        var tooBig = await Api.ExpectProblem(await api.GetAsync("/api/pairs?pageSize=101"), HttpStatusCode.BadRequest);
        Assert.NotNull(tooBig["errors"]!["pageSize"]);
        var zero = await Api.ExpectProblem(await api.GetAsync("/api/universities?page=0"), HttpStatusCode.BadRequest);
        Assert.NotNull(zero["errors"]!["page"]);
        await Api.ExpectProblem(await api.GetAsync("/api/pairs?batch=abc"), HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await api.GetAsync("/api/pairs?universityId=not-a-guid"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Loading_the_reference_data_again_changes_nothing()
    {
        var before = await app.WithDb(db => db.Pairs.Select(p => new { p.Id, p.Batch, p.Seq, p.SupportedId, p.SupportingId })
            .OrderBy(p => p.Id).ToListAsync());
        var universities = await app.WithDb(db => db.Universities.CountAsync());

        await app.WithDb(db => new ReferenceData(db, NullLogger<ReferenceData>.Instance).LoadAsync());

        var after = await app.WithDb(db => db.Pairs.Select(p => new { p.Id, p.Batch, p.Seq, p.SupportedId, p.SupportingId })
            .OrderBy(p => p.Id).ToListAsync());
        Assert.Equal(87, before.Count);
        Assert.Equal(before, after);
        Assert.Equal(universities, await app.WithDb(db => db.Universities.CountAsync()));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_ministrys_catalogues_of_majors_are_served_whole_with_their_categories()
    {
        var shipped = File.ReadLines(Path.Combine(ServerProcess.Repository, "seeds", "majors.csv")).Skip(1)
            .Where(line => line.Length > 0).Select(line => line.Split(',')[0]).ToList();
        using var api = app.Anonymous();

        Assert.Equal(shipped.Count(l => l == "本科"), (int)(await api.GetJsonAsync("/api/majors?level=undergraduate&pageSize=1"))["total"]!);
        Assert.Equal(shipped.Count(l => l == "高职专科"), (int)(await api.GetJsonAsync("/api/majors?level=vocational&pageSize=1"))["total"]!);
        var computing = (await api.GetJsonAsync($"/api/majors?q={Uri.EscapeDataString("计算机类")}&pageSize=100")).Items();
        Assert.Contains(computing, m => (string?)m!["code"] == "080901" && (string?)m["name"] == "计算机科学与技术" &&
                                        (string?)m["level"] == "undergraduate" && (string?)m["discipline"] == "工学");
        Assert.Contains(computing, m => (string?)m!["code"] == "510201" && (string?)m["level"] == "vocational");
        Assert.All(computing, m => Assert.Equal("计算机类", (string?)m!["category"]));
        await Api.ExpectProblem(await api.Http.GetAsync(new Uri("/api/majors?level=master", UriKind.Relative)), HttpStatusCode.BadRequest,
            "bad_request");
    }
}
