using System.Net;
using System.Net.Http.Json;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Fairs;

public sealed class FairTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task A_centre_of_either_side_creates_a_draft_fair_that_both_universities_host()
    {
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        foreach (var side in new[] { supported, supporting })
        {
            using var centre = await app.CentreAsync(side);
            var fair = await Api.Expect(await centre.PostAsync("/api/fairs", FairWorld.FairBody(pairId)), HttpStatusCode.Created);

            Assert.Equal("draft", (string?)fair["status"]);
            Assert.Equal([supported.ToString(), supporting.ToString()], fair["hosts"]!.AsArray().Select(h => (string?)h!["id"]));
            Assert.Equal("武汉东湖学院", (string?)fair["hosts"]![0]!["name"]);
        }
    }

    [Fact]
    public async Task Only_centres_of_the_pair_create_its_fairs()
    {
        var (pairId, _, _) = await app.FirstPairAsync();
        using var outsider = await app.CentreAsync(await app.UniversityIdAsync("厦门大学"));
        using var user = await app.RegisterAsync();
        var (recruiter, _) = await app.RecruiterAsync();
        using var anonymous = app.Anonymous();
        var before = await CountFairs();

        await Api.ExpectProblem(await outsider.PostAsync("/api/fairs", FairWorld.FairBody(pairId)), HttpStatusCode.Forbidden, "not_host");
        await Api.ExpectProblem(await user.PostAsync("/api/fairs", FairWorld.FairBody(pairId)), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await recruiter.PostAsync("/api/fairs", FairWorld.FairBody(pairId)), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await anonymous.PostAsync("/api/fairs", FairWorld.FairBody(pairId)), HttpStatusCode.Unauthorized);
        Assert.Equal(before, await CountFairs());
    }

    [Theory]
    [InlineData(1, -1, "endsAt")]      // ends before it starts
    [InlineData(1, 31 * 24, "endsAt")] // longer than 30 days
    [InlineData(-25, 48, "startsAt")]  // started more than 24 h ago
    public async Task A_bad_time_window_is_refused_and_creates_nothing(double startHours, double hours, string field)
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        var before = await CountFairs();

        var problem = await Api.ExpectProblem(await centre.PostAsync("/api/fairs", FairWorld.FairBody(pairId, startHours: startHours, hours: hours)),
            HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(before, await CountFairs());
    }

    [Fact]
    public async Task Times_sent_in_Beijing_time_are_kept_as_the_same_instant()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        var start = DateTimeOffset.UtcNow.AddDays(2).ToOffset(TimeSpan.FromHours(8));
        var fair = await Api.Expect(await centre.PostAsync("/api/fairs", new
        {
            pairId, title = "北京时间", startsAt = start.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            endsAt = start.AddHours(9).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
        }), HttpStatusCode.Created);

        var stored = DateTimeOffset.Parse((string)fair["startsAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(start.ToUnixTimeSeconds(), stored.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_fair_opened_on_the_spot_may_start_in_the_past()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        await Api.Expect(await centre.PostAsync("/api/fairs", FairWorld.FairBody(pairId, startHours: -23, hours: 30)), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Drafts_are_seen_by_hosts_only_until_either_host_publishes()
    {
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        using var creator = await app.CentreAsync(supported);
        using var otherHost = await app.CentreAsync(supporting);
        using var outsider = await app.CentreAsync(await app.UniversityIdAsync("厦门大学"));
        using var anonymous = app.Anonymous();
        var title = "草稿双选会 " + Guid.NewGuid();
        var id = await creator.CreateFairAsync(pairId, title, publish: false);

        await Api.ExpectProblem(await anonymous.GetAsync($"/api/fairs/{id}"), HttpStatusCode.NotFound, "not_found");
        await Api.ExpectProblem(await outsider.GetAsync($"/api/fairs/{id}"), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await anonymous.GetAsync($"/api/fairs/{id}/positions"), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await outsider.GetAsync($"/api/fairs/{id}/positions?q=x"), HttpStatusCode.NotFound);
        await Api.Expect(await otherHost.GetAsync($"/api/fairs/{id}/positions"), HttpStatusCode.OK);
        Assert.Equal(0, (int)(await anonymous.GetJsonAsync($"/api/fairs?q={Uri.EscapeDataString(title)}"))["total"]!);
        Assert.Equal(1, (int)(await otherHost.GetJsonAsync($"/api/fairs?q={Uri.EscapeDataString(title)}"))["total"]!);
        await Api.ExpectProblem(await outsider.PostAsync($"/api/fairs/{id}/publish", null), HttpStatusCode.NotFound);

        var published = await Api.Expect(await otherHost.PostAsync($"/api/fairs/{id}/publish", null), HttpStatusCode.OK);
        Assert.Equal("published", (string?)published["status"]);
        Assert.Equal("published", (string?)(await anonymous.GetJsonAsync($"/api/fairs/{id}"))["status"]);
        Assert.Equal(1, (int)(await anonymous.GetJsonAsync($"/api/fairs?status=published&q={Uri.EscapeDataString(title)}"))["total"]!);
        await Api.ExpectProblem(await creator.PostAsync($"/api/fairs/{id}/publish", null), HttpStatusCode.Conflict, "already_published");
        await Api.ExpectProblem(await outsider.PostAsync($"/api/fairs/{id}/close", null), HttpStatusCode.Forbidden, "not_host");
    }

    [Fact]
    public async Task Hosts_edit_and_close_a_fair_and_nothing_changes_after_it_closed()
    {
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(supported);
        using var otherHost = await app.CentreAsync(supporting);
        var id = await host.CreateFairAsync(pairId);

        var edited = await Api.Expect(await otherHost.Http.PutAsJsonAsync(new Uri($"/api/fairs/{id}", UriKind.Relative),
            FairWorld.FairBody(pairId, "改名后的双选会")), HttpStatusCode.OK);
        Assert.Equal("改名后的双选会", (string?)edited["title"]);

        var closed = await Api.Expect(await otherHost.PostAsync($"/api/fairs/{id}/close", null), HttpStatusCode.OK);
        Assert.Equal("closed", (string?)closed["status"]);
        await Api.ExpectProblem(await host.PostAsync($"/api/fairs/{id}/close", null), HttpStatusCode.Conflict, "fair_closed");
        await Api.ExpectProblem(await host.Http.PutAsJsonAsync(new Uri($"/api/fairs/{id}", UriKind.Relative), FairWorld.FairBody(pairId)),
            HttpStatusCode.Conflict, "fair_closed");
        var (recruiter, _) = await app.RecruiterAsync();
        await Api.ExpectProblem(await recruiter.PostAsync($"/api/fairs/{id}/participations", new { message = "晚了" }),
            HttpStatusCode.Conflict, "fair_closed");
    }

    [Fact]
    public async Task Fairs_are_listed_by_university_and_status_with_paging_rules()
    {
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(supported);
        var id = await host.CreateFairAsync(pairId, "按大学筛选 " + Guid.NewGuid());
        using var anonymous = app.Anonymous();

        foreach (var university in new[] { supported, supporting })
            Assert.Contains((await anonymous.GetJsonAsync($"/api/fairs?universityId={university}&pageSize=100")).Items(),
                f => (string?)f!["id"] == id.ToString());
        var elsewhere = await app.UniversityIdAsync("厦门大学");
        Assert.DoesNotContain((await anonymous.GetJsonAsync($"/api/fairs?universityId={elsewhere}&pageSize=100")).Items(),
            f => (string?)f!["id"] == id.ToString());
        await Api.ExpectProblem(await anonymous.GetAsync("/api/fairs?status=open"), HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await anonymous.GetAsync("/api/fairs?pageSize=500"), HttpStatusCode.BadRequest);
    }

    private Task<int> CountFairs() => app.WithDb(db => db.Fairs.CountAsync());
}
