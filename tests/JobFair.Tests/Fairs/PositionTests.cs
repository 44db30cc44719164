using System.Net;
using System.Net.Http.Json;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Fairs;

public sealed class PositionTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private async Task<(Api Host, Guid PairId, Guid FairId)> FairAsync()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        var host = await app.CentreAsync(supported);
        return (host, pairId, await host.CreateFairAsync(pairId));
    }

    [Fact]
    public async Task An_approved_employer_posts_into_a_fair_and_anyone_sees_it()
    {
        var (host, _, fairId) = await FairAsync();
        var (recruiter, employerId) = await app.RecruiterAsync("武汉数据科技有限公司");
        await host.ApproveAsync(recruiter, fairId, employerId);

        var created = await Api.Expect(await recruiter.PostAsync("/api/positions",
            FairWorld.PositionBody([fairId], title: "数据分析师", majors: ["统计学", "数学与应用数学"], openings: 300)), HttpStatusCode.Created);
        var id = (string)created["id"]!;
        Assert.Equal([fairId.ToString()], created["fairIds"]!.AsArray().Select(f => (string?)f));

        using var anonymous = app.Anonymous();
        var listed = Assert.Single((await anonymous.GetJsonAsync($"/api/fairs/{fairId}/positions")).Items())!;
        Assert.Equal(id, (string?)listed["id"]);
        Assert.Equal("武汉数据科技有限公司", (string?)listed["employer"]!["name"]);
        Assert.Equal(300, (int)listed["openings"]!);
        Assert.Equal(["统计学", "数学与应用数学"], listed["majors"]!.AsArray().Select(m => (string?)m));
        var position = await anonymous.GetJsonAsync($"/api/positions/{id}");
        Assert.Equal("数据分析师", (string?)position["title"]);
        Assert.Equal("open", (string?)position["status"]);
    }

    [Fact]
    public async Task Employers_not_approved_in_a_fair_cannot_post_into_it()
    {
        var (host, _, fairId) = await FairAsync();
        var (pending, _) = await app.RecruiterAsync();
        await Api.Expect(await pending.PostAsync($"/api/fairs/{fairId}/participations", new { message = "hi" }), HttpStatusCode.Created);
        var (stranger, _) = await app.RecruiterAsync();
        using var centre = host;
        var before = await app.WithDb(db => db.Positions.CountAsync());

        await Api.ExpectProblem(await pending.PostAsync("/api/positions", FairWorld.PositionBody([fairId])), HttpStatusCode.Forbidden, "not_approved");
        await Api.ExpectProblem(await stranger.PostAsync("/api/positions", FairWorld.PositionBody([fairId])), HttpStatusCode.Forbidden, "not_approved");
        await Api.ExpectProblem(await stranger.PostAsync("/api/positions", FairWorld.PositionBody([Guid.NewGuid()])), HttpStatusCode.Forbidden, "not_approved");
        await Api.ExpectProblem(await centre.PostAsync("/api/positions", FairWorld.PositionBody([fairId])), HttpStatusCode.Forbidden);

        Assert.Equal(before, await app.WithDb(db => db.Positions.CountAsync()));
        Assert.Equal(0, (int)(await app.Anonymous().GetJsonAsync($"/api/fairs/{fairId}/positions"))["total"]!);
    }

    [Fact]
    public async Task A_posting_is_shared_into_another_fair_and_counted_once_in_each()
    {
        var (host, pairId, first) = await FairAsync();
        var second = await host.CreateFairAsync(pairId, "第二场");
        var (recruiter, employerId) = await app.RecruiterAsync();
        await host.ApproveAsync(recruiter, first, employerId);
        var id = await recruiter.PostPositionAsync(FairWorld.PositionBody([first]));

        await Api.ExpectProblem(await recruiter.PostAsync($"/api/positions/{id}/fairs", new { fairId = second }), HttpStatusCode.Forbidden, "not_approved");
        await host.ApproveAsync(recruiter, second, employerId);
        await Api.Expect(await recruiter.PostAsync($"/api/positions/{id}/fairs", new { fairId = second }), HttpStatusCode.OK);
        var shared = await Api.Expect(await recruiter.PostAsync($"/api/positions/{id}/fairs", new { fairId = second }), HttpStatusCode.OK);

        Assert.Equal([first.ToString(), second.ToString()], shared["fairIds"]!.AsArray().Select(f => (string?)f));
        using var anonymous = app.Anonymous();
        foreach (var fair in new[] { first, second })
        {
            Assert.Single((await anonymous.GetJsonAsync($"/api/fairs/{fair}/positions")).Items(), p => (string?)p!["id"] == id.ToString());
            var found = await anonymous.GetJsonAsync($"/api/fairs/{fair}/positions?q={Uri.EscapeDataString("软件开发")}");
            Assert.Single(found.Items(), p => (string?)p!["id"] == id.ToString());
        }
    }

    [Fact]
    public async Task Recruiters_edit_and_close_their_own_postings_only()
    {
        var (host, _, fairId) = await FairAsync();
        var (recruiter, employerId) = await app.RecruiterAsync();
        var (other, otherEmployer) = await app.RecruiterAsync();
        await host.ApproveAsync(recruiter, fairId, employerId);
        var id = await recruiter.PostPositionAsync(FairWorld.PositionBody([fairId], title: "会计"));
        var edit = FairWorld.PositionBody([], title: "高级会计", openings: 2);

        await Api.ExpectProblem(await other.Http.PutAsJsonAsync(new Uri($"/api/positions/{id}", UriKind.Relative), edit), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await other.PostAsync($"/api/positions/{id}/close", null), HttpStatusCode.NotFound);
        var edited = await Api.Expect(await recruiter.Http.PutAsJsonAsync(new Uri($"/api/positions/{id}", UriKind.Relative), edit), HttpStatusCode.OK);
        Assert.Equal("高级会计", (string?)edited["title"]);
        Assert.Equal(2, (int)edited["openings"]!);

        var closed = await Api.Expect(await recruiter.PostAsync($"/api/positions/{id}/close", null), HttpStatusCode.OK);
        Assert.Equal("closed", (string?)closed["status"]);
        using var anonymous = app.Anonymous();
        Assert.Equal(0, (int)(await anonymous.GetJsonAsync($"/api/fairs/{fairId}/positions"))["total"]!);
        await Api.ExpectProblem(await recruiter.Http.PutAsJsonAsync(new Uri($"/api/positions/{id}", UriKind.Relative), edit),
            HttpStatusCode.Conflict, "position_closed");
        Assert.Equal(1, (int)(await recruiter.GetJsonAsync("/api/employers/me/positions"))["total"]!);
        Assert.Equal(0, (int)(await other.GetJsonAsync("/api/employers/me/positions"))["total"]!);
        Assert.NotEqual(employerId, otherEmployer);
    }

    [Fact]
    public async Task Bad_postings_are_refused_field_by_field()
    {
        var (recruiter, _) = await app.RecruiterAsync();
        var problem = await Api.ExpectProblem(await recruiter.PostAsync("/api/positions", new
        {
            title = "", description = "x", city = "武汉", majors = new[] { "" }, degree = "phd",
            openings = 0, salaryMin = 20000, salaryMax = 10000, fairIds = Array.Empty<Guid>(),
        }), HttpStatusCode.BadRequest);

        foreach (var field in new[] { "title", "degree", "openings", "salaryMax" })
            Assert.True(problem["errors"]![field] is not null, $"no error for {field}: {problem}");
        await Api.ExpectProblem(await recruiter.PostRawAsync("/api/positions", "{\"title\":\"x\",\"openings\":\"many\"}"), HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await recruiter.PostRawAsync("/api/positions", "{\"openings\": 99999999999999}"), HttpStatusCode.BadRequest);

        // A description with one enormous "word" (a pasted hash) is still a posting.
        await recruiter.PostPositionAsync(FairWorld.PositionBody([], description: "签名 " + new string('a', 5000)));
    }

    [Fact]
    public async Task The_OpenAPI_document_declares_who_may_post_and_change_a_position_and_why_it_may_be_refused()
    {
        using var api = app.Anonymous();
        var paths = (await api.GetJsonAsync("/openapi/v1.json"))["paths"]!;
        string[] Codes(string path, string method, string status) =>
            paths[path]![method]!["responses"]![status]!["x-problem-codes"]!.AsArray().Select(c => (string)c!).ToArray();

        Assert.Contains("not_approved", Codes("/api/positions", "post", "403"));
        Assert.Contains("not_recruiter", Codes("/api/positions", "post", "403"));
        Assert.Contains("fair_closed", Codes("/api/positions/{id}/fairs", "post", "409"));
        Assert.Contains("position_closed", Codes("/api/positions/{id}", "put", "409"));
        Assert.Contains("position_closed", Codes("/api/positions/{id}/close", "post", "409"));
        Assert.Contains("not_found", Codes("/api/fairs/{id}/positions", "get", "404"));
        // Reading is public: no 401 is declared where anyone may read.
        Assert.Null(paths["/api/positions/{id}"]!["get"]!["responses"]!["401"]);
        Assert.Contains("unauthenticated", Codes("/api/employers/me/positions", "get", "401"));
    }
}
