using System.Net;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Fairs;

/// <summary>What happens by itself when a date passes, with the server's clock moved by the test instead of waited for.</summary>
public sealed class WhenTimePassesTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private DateTimeOffset Now => app.Clock!.GetUtcNow();

    [Fact]
    public async Task A_published_fair_closes_by_itself_after_its_end()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(supported);
        var fair = await Api.Expect(await host.PostAsync("/api/fairs", new
        {
            pairId, title = "一分钟后结束", startsAt = Now.AddHours(-1), endsAt = Now.AddMinutes(1),
        }), HttpStatusCode.Created);
        var id = Guid.Parse((string)fair["id"]!);
        await Api.Expect(await host.PostAsync($"/api/fairs/{id}/publish", null), HttpStatusCode.OK);
        using var anonymous = app.Anonymous();
        Assert.Equal("published", (string?)(await anonymous.GetJsonAsync($"/api/fairs/{id}"))["status"]);

        app.Clock!.Advance(TimeSpan.FromMinutes(2)); // the closer's timer comes due on the way

        Assert.Equal("closed", (string?)(await anonymous.GetJsonAsync($"/api/fairs/{id}"))["status"]);
        await Eventually.True(() => app.WithDb(db => db.Fairs.AnyAsync(f => f.Id == id && f.Status == "closed")),
            "the closer to store the fair as closed");
        Assert.Equal(1, (int)(await anonymous.GetJsonAsync($"/api/fairs?status=closed&universityId={supported}&q={Uri.EscapeDataString("一分钟后结束")}"))["total"]!);
    }

    [Fact]
    public async Task A_posting_past_its_closing_date_disappears_from_search()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(supported);
        var fairId = await host.CreateFairAsync(pairId);
        var (recruiter, employerId) = await app.RecruiterAsync();
        await host.ApproveAsync(recruiter, fairId, employerId);
        await recruiter.PostPositionAsync(new
        {
            title = "精算师", description = "负责保险产品定价", city = "武汉", majors = new[] { "精算学" }, degree = "master",
            openings = 1, salaryMin = 10000, salaryMax = 20000, closesAt = Now.AddMinutes(1), fairIds = new[] { fairId },
        });
        await recruiter.PostPositionAsync(FairWorld.PositionBody([fairId], "精算分析师"));
        Assert.Equal(("精算分析师 | 精算师", 2), await SearchAsync(fairId, "精算"));
        Assert.Equal(("精算分析师 | 精算师", 2), await SearchAsync(fairId, ""));

        // Nothing changes the posting when its date passes: the date alone takes it out, of the list and its total too.
        app.Clock!.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(("精算分析师", 1), await SearchAsync(fairId, "精算"));
        Assert.Equal(("精算分析师", 1), await SearchAsync(fairId, ""));
        Assert.Equal(("精算分析师", 1), await SearchAsync(fairId, "", "&city=" + Uri.EscapeDataString("武汉")));
    }

    /// <summary>The titles found (no keywords: the whole list), in title order, joined with " | ", and the total.</summary>
    private async Task<(string Titles, int Total)> SearchAsync(Guid fairId, string keywords, string filters = "")
    {
        using var api = app.Anonymous();
        var page = await api.GetJsonAsync($"/api/fairs/{fairId}/positions?pageSize=100&q={Uri.EscapeDataString(keywords)}{filters}");
        return (string.Join(" | ", page.Titles().Order(StringComparer.Ordinal)), (int)page["total"]!);
    }
}
