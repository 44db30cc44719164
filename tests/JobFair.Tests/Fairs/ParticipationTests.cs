using System.Net;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Fairs;

public sealed class ParticipationTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private async Task<(Api Host, Api OtherHost, Guid FairId)> PublishedFairAsync()
    {
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        var host = await app.CentreAsync(supported);
        var otherHost = await app.CentreAsync(supporting);
        return (host, otherHost, await host.CreateFairAsync(pairId));
    }

    [Fact]
    public async Task An_employer_asks_once_and_either_host_vets_it_with_full_details()
    {
        var (host, otherHost, fairId) = await PublishedFairAsync();
        var (recruiter, employerId) = await app.RecruiterAsync("荆州机械制造有限公司");

        var asked = await Api.Expect(await recruiter.PostAsync($"/api/fairs/{fairId}/participations", new { message = "我们招聘机械工程师" }),
            HttpStatusCode.Created);
        Assert.Equal("pending", (string?)asked["status"]);
        Assert.Equal(employerId.ToString(), (string?)asked["employerId"]);
        await Api.ExpectProblem(await recruiter.PostAsync($"/api/fairs/{fairId}/participations", new { message = "again" }),
            HttpStatusCode.Conflict, "already_requested");

        var pending = await host.GetJsonAsync($"/api/fairs/{fairId}/participations?status=pending");
        var row = Assert.Single(pending.Items())!;
        Assert.Equal("荆州机械制造有限公司", (string?)row["employer"]!["name"]);
        Assert.Equal(18, ((string?)row["employer"]!["creditCode"])!.Length);

        var decided = await Api.Expect(await otherHost.PostAsync($"/api/fairs/{fairId}/participations/{employerId}/decision",
            new { approve = true, reason = "资质齐全" }), HttpStatusCode.OK);
        Assert.Equal("approved", (string?)decided["status"]);
        await Api.ExpectProblem(await host.PostAsync($"/api/fairs/{fairId}/participations/{employerId}/decision", new { approve = false, reason = "改主意" }),
            HttpStatusCode.Conflict, "not_pending");
        Assert.Equal("approved", (string?)(await recruiter.GetJsonAsync("/api/employers/me/participations")).Items()[0]!["status"]);
    }

    [Fact]
    public async Task Only_hosts_see_and_decide_requests()
    {
        var (_, _, fairId) = await PublishedFairAsync();
        var (recruiter, employerId) = await app.RecruiterAsync();
        await Api.Expect(await recruiter.PostAsync($"/api/fairs/{fairId}/participations", new { message = "hi" }), HttpStatusCode.Created);
        using var outsider = await app.CentreAsync(await app.UniversityIdAsync("厦门大学"));
        using var anonymous = app.Anonymous();
        var decision = new { approve = true };

        await Api.ExpectProblem(await outsider.GetAsync($"/api/fairs/{fairId}/participations"), HttpStatusCode.Forbidden, "not_host");
        await Api.ExpectProblem(await outsider.PostAsync($"/api/fairs/{fairId}/participations/{employerId}/decision", decision), HttpStatusCode.Forbidden, "not_host");
        await Api.ExpectProblem(await recruiter.PostAsync($"/api/fairs/{fairId}/participations/{employerId}/decision", decision), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await recruiter.GetAsync($"/api/fairs/{fairId}/participations"), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await anonymous.GetAsync($"/api/fairs/{fairId}/participations"), HttpStatusCode.Unauthorized);
        Assert.Equal("pending", await StatusAsync(fairId, employerId));
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_the_employer_may_ask_again()
    {
        var (host, _, fairId) = await PublishedFairAsync();
        var (recruiter, employerId) = await app.RecruiterAsync();
        await Api.Expect(await recruiter.PostAsync($"/api/fairs/{fairId}/participations", new { message = "hi" }), HttpStatusCode.Created);

        var noReason = await Api.ExpectProblem(await host.PostAsync($"/api/fairs/{fairId}/participations/{employerId}/decision", new { approve = false }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(noReason["errors"]!["reason"]);
        Assert.Equal("pending", await StatusAsync(fairId, employerId));

        var rejected = await Api.Expect(await host.PostAsync($"/api/fairs/{fairId}/participations/{employerId}/decision",
            new { approve = false, reason = "营业执照信息不全" }), HttpStatusCode.OK);
        Assert.Equal("rejected", (string?)rejected["status"]);
        Assert.Equal("营业执照信息不全", (string?)rejected["reason"]);

        var again = await Api.Expect(await recruiter.PostAsync($"/api/fairs/{fairId}/participations", new { message = "已补充材料" }), HttpStatusCode.Created);
        Assert.Equal("pending", (string?)again["status"]);
        Assert.Null(again["reason"]);
    }

    [Fact]
    public async Task A_host_invites_an_employer_directly_which_is_approved_once_it_accepts()
    {
        var (host, _, fairId) = await PublishedFairAsync();
        var (recruiter, employerId) = await app.RecruiterAsync();
        var (other, _) = await app.RecruiterAsync();

        await Api.ExpectProblem(await recruiter.PostAsync($"/api/fairs/{fairId}/participations/accept", null), HttpStatusCode.Conflict, "not_invited");
        var invited = await Api.Expect(await host.PostAsync($"/api/fairs/{fairId}/invitations", new { employerId, message = "诚邀参会" }), HttpStatusCode.Created);
        Assert.Equal("invited", (string?)invited["status"]);
        await Api.ExpectProblem(await host.PostAsync($"/api/fairs/{fairId}/invitations", new { employerId }), HttpStatusCode.Conflict, "already_participating");
        await Api.ExpectProblem(await recruiter.PostAsync($"/api/fairs/{fairId}/participations", new { message = "hi" }), HttpStatusCode.Conflict, "already_invited");
        await Api.ExpectProblem(await other.PostAsync($"/api/fairs/{fairId}/participations/accept", null), HttpStatusCode.Conflict, "not_invited");

        var accepted = await Api.Expect(await recruiter.PostAsync($"/api/fairs/{fairId}/participations/accept", null), HttpStatusCode.OK);
        Assert.Equal("approved", (string?)accepted["status"]);
        var unknown = await Api.ExpectProblem(await host.PostAsync($"/api/fairs/{fairId}/invitations", new { employerId = Guid.NewGuid() }), HttpStatusCode.BadRequest);
        Assert.NotNull(unknown["errors"]!["employerId"]);
    }

    [Fact]
    public async Task Employers_cannot_ask_to_join_drafts_or_as_non_recruiters()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(supported);
        var draft = await host.CreateFairAsync(pairId, publish: false);
        var (recruiter, employerId) = await app.RecruiterAsync();
        using var user = await app.RegisterAsync();

        await Api.ExpectProblem(await recruiter.PostAsync($"/api/fairs/{draft}/participations", new { message = "hi" }), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await user.PostAsync($"/api/fairs/{draft}/participations", new { message = "hi" }), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await recruiter.PostAsync($"/api/fairs/{Guid.NewGuid()}/participations", new { message = "hi" }), HttpStatusCode.NotFound);
        Assert.Null(await StatusAsync(draft, employerId));
    }

    [Fact]
    public async Task Racing_requests_from_one_employer_leave_exactly_one()
    {
        var (_, _, fairId) = await PublishedFairAsync();
        var (recruiter, employerId) = await app.RecruiterAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            recruiter.PostAsync($"/api/fairs/{fairId}/participations", new { message = "race" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await app.WithDb(db => db.Participations.CountAsync(p => p.FairId == fairId && p.EmployerId == employerId)));
    }

    private Task<string?> StatusAsync(Guid fairId, Guid employerId) => app.WithDb(db => db.Participations
        .Where(p => p.FairId == fairId && p.EmployerId == employerId).Select(p => p.Status).SingleOrDefaultAsync());
}
