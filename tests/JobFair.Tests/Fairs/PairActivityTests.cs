using System.Net;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Fairs;

public sealed class PairActivityTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task Centres_of_either_side_record_joint_work_that_anyone_can_read()
    {
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        using var hubei = await app.CentreAsync(supported);
        using var partner = await app.CentreAsync(supporting);

        await Api.Expect(await hubei.PostAsync($"/api/pairs/{pairId}/activities", new
        {
            kind = "meeting", title = "就业工作视频会议", heldAt = "2020-04-10T15:00:00+08:00", participants = 12,
        }), HttpStatusCode.Created);
        var agreement = await Api.Expect(await partner.PostAsync($"/api/pairs/{pairId}/activities", new
        {
            kind = "agreement", title = "签署一帮一协议", heldAt = "2020-04-27T10:00:00+08:00", participants = 6,
        }), HttpStatusCode.Created);
        Assert.Equal(supporting.ToString(), (string?)agreement["universityId"]);

        using var anonymous = app.Anonymous();
        var list = await anonymous.GetJsonAsync($"/api/pairs/{pairId}/activities");
        Assert.Equal(2, (int)list["total"]!);
        Assert.Equal(["签署一帮一协议", "就业工作视频会议"], list.Titles());
        Assert.Equal(DateTimeOffset.Parse("2020-04-27T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse((string)list.Items()[0]!["heldAt"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Outsiders_and_bad_records_are_refused_and_record_nothing()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        using var outsider = await app.CentreAsync(await app.UniversityIdAsync("厦门大学"));
        using var user = await app.RegisterAsync();
        var body = new { kind = "course", title = "联合就业指导课", heldAt = DateTimeOffset.UtcNow, participants = 300 };
        var before = await app.WithDb(db => db.PairActivities.CountAsync());

        await Api.ExpectProblem(await outsider.PostAsync($"/api/pairs/{pairId}/activities", body), HttpStatusCode.Forbidden, "not_pair_member");
        await Api.ExpectProblem(await user.PostAsync($"/api/pairs/{pairId}/activities", body), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await centre.PostAsync($"/api/pairs/{Guid.NewGuid()}/activities", body), HttpStatusCode.NotFound);
        var bad = await Api.ExpectProblem(await centre.PostAsync($"/api/pairs/{pairId}/activities",
            new { kind = "party", title = "", heldAt = DateTimeOffset.UtcNow, participants = -1 }), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "kind", "title", "participants" }) Assert.NotNull(bad["errors"]![field]);

        Assert.Equal(before, await app.WithDb(db => db.PairActivities.CountAsync()));
        await Api.ExpectProblem(await app.Anonymous().GetAsync($"/api/pairs/{Guid.NewGuid()}/activities"), HttpStatusCode.NotFound);
    }
}
