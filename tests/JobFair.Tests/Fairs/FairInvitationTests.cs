using System.Net;
using JobFair.Tests.Support;

namespace JobFair.Tests.Fairs;

/// <summary>A host invites an employer directly (定向邀请), and vets requests with the employer's history at other fairs.</summary>
public sealed class FairInvitationTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private static async Task<string> CreditCodeAsync(Api recruiter) => (string)(await recruiter.GetJsonAsync("/api/employers/me"))["employer"]!["creditCode"]!;

    [Fact]
    public async Task A_host_invites_an_employer_by_credit_code_its_recruiters_are_told_and_accepting_approves_it()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(supported);
        var fairId = await host.CreateFairAsync(pairId, "定向邀请专场");
        var (recruiter, employerId) = await app.RecruiterAsync();
        using var _ = recruiter;

        // Typed in lower case with spaces around it, as someone copies it from a licence.
        var code = await CreditCodeAsync(recruiter);
        var invited = await Api.Expect(await host.PostAsync($"/api/fairs/{fairId}/invitations",
            new { creditCode = $" {code.ToLowerInvariant()} ", message = "诚邀贵单位参加" }), HttpStatusCode.Created);
        Assert.Equal(employerId.ToString(), (string?)invited["employerId"]);
        Assert.Equal("invited", (string?)invited["status"]);

        await Eventually.True(async () => (await recruiter.GetJsonAsync("/api/me/notifications")).Items()
            .Any(n => (string?)n!["kind"] == "fair_invitation" && ((string?)n["body"] ?? "").Contains("定向邀请专场", StringComparison.Ordinal)),
            "the recruiter's notification of the invitation");
        var mine = await recruiter.GetJsonAsync("/api/employers/me/participations");
        Assert.Equal("invited", (string?)mine.Items().Single(p => (string?)p!["fairId"] == fairId.ToString())!["status"]);

        var accepted = await Api.Expect(await recruiter.PostAsync($"/api/fairs/{fairId}/participations/accept", null), HttpStatusCode.OK);
        Assert.Equal("approved", (string?)accepted["status"]);
        // Approved without vetting: no request waits for the hosts.
        Assert.Equal(0, (int)(await host.GetJsonAsync($"/api/fairs/{fairId}/participations?status=pending"))["total"]!);
    }

    [Fact]
    public async Task Invitations_are_refused_for_unknown_or_suspended_employers_other_centres_drafts_closed_fairs_and_twice()
    {
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(supported);
        using var anonymous = app.Anonymous();
        var elsewhere = (await anonymous.GetJsonAsync("/api/universities?pageSize=10")).Items()
            .Select(u => Guid.Parse((string)u!["id"]!)).First(u => u != supported && u != supporting);
        using var outsider = await app.CentreAsync(elsewhere);
        var fairId = await host.CreateFairAsync(pairId);
        var (recruiter, employerId) = await app.RecruiterAsync();
        using var _ = recruiter;
        var code = await CreditCodeAsync(recruiter);

        var unknownCode = await Api.ExpectProblem(await host.PostAsync($"/api/fairs/{fairId}/invitations", new { creditCode = FairWorld.NewCreditCode() }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(unknownCode["errors"]!["creditCode"]);
        var valid = FairWorld.NewCreditCode();
        var badCheck = valid[..17] + (valid[17] == '0' ? '1' : '0');
        var badCode = await Api.ExpectProblem(await host.PostAsync($"/api/fairs/{fairId}/invitations", new { creditCode = badCheck }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(badCode["errors"]!["creditCode"]);
        await Api.ExpectProblem(await host.PostAsync($"/api/fairs/{fairId}/invitations", new { message = "nobody named" }), HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await outsider.PostAsync($"/api/fairs/{fairId}/invitations", new { creditCode = code }), HttpStatusCode.Forbidden, "not_host");
        await Api.ExpectProblem(await recruiter.PostAsync($"/api/fairs/{fairId}/invitations", new { creditCode = code }), HttpStatusCode.Forbidden);

        var draft = await host.CreateFairAsync(pairId, publish: false);
        await Api.ExpectProblem(await host.PostAsync($"/api/fairs/{draft}/invitations", new { creditCode = code }), HttpStatusCode.Conflict, "fair_not_published");
        var closed = await host.CreateFairAsync(pairId);
        await Api.Expect(await host.PostAsync($"/api/fairs/{closed}/close", null), HttpStatusCode.OK);
        await Api.ExpectProblem(await host.PostAsync($"/api/fairs/{closed}/invitations", new { creditCode = code }), HttpStatusCode.Conflict, "fair_closed");

        await Api.Expect(await host.PostAsync($"/api/fairs/{fairId}/invitations", new { creditCode = code }), HttpStatusCode.Created);
        await Api.ExpectProblem(await host.PostAsync($"/api/fairs/{fairId}/invitations", new { employerId }), HttpStatusCode.Conflict, "already_participating");

        var (other, otherId) = await app.RecruiterAsync();
        using var __ = other;
        using var admin = await app.AdminAsync();
        await Api.Expect(await admin.PostAsync($"/api/admin/employers/{otherId}/suspend", new { reason = "虚假招聘" }), HttpStatusCode.OK);
        await Api.ExpectProblem(await host.PostAsync($"/api/fairs/{fairId}/invitations", new { employerId = otherId }), HttpStatusCode.Conflict, "suspended_employer");
        Assert.Equal(1, (int)(await host.GetJsonAsync($"/api/fairs/{fairId}/participations"))["total"]!);
    }

    [Fact]
    public async Task A_host_vets_a_request_with_the_employers_history_at_other_fairs()
    {
        var scene = await app.FairSceneAsync();   // fair A: the employer approved, one position, open
        var (student, _, resumeId) = await app.ApplicantAsync(scene);
        using var _ = student;
        await student.AppliedAsync(scene, resumeId);
        var (pairId, _, _) = await app.FirstPairAsync();
        var rejecting = await scene.Host.CreateFairAsync(pairId, "未通过的一场");
        await Api.Expect(await scene.Recruiter.PostAsync($"/api/fairs/{rejecting}/participations", new { message = "申请" }), HttpStatusCode.Created);
        await Api.Expect(await scene.Host.PostAsync($"/api/fairs/{rejecting}/participations/{scene.EmployerId}/decision",
            new { approve = false, reason = "材料不全" }), HttpStatusCode.OK);
        var vetted = await scene.Host.CreateFairAsync(pairId, "正在审核的一场");
        await Api.Expect(await scene.Recruiter.PostAsync($"/api/fairs/{vetted}/participations", new { message = "申请参会" }), HttpStatusCode.Created);
        var (newcomer, newcomerId) = await app.RecruiterAsync();
        using var __ = newcomer;
        await Api.Expect(await newcomer.PostAsync($"/api/fairs/{vetted}/participations", new { message = "第一次参加" }), HttpStatusCode.Created);

        var requests = (await scene.Host.GetJsonAsync($"/api/fairs/{vetted}/participations?status=pending")).Items()
            .ToDictionary(p => Guid.Parse((string)p!["employerId"]!));
        var history = requests[scene.EmployerId]!["history"]!;
        Assert.Equal((2, 1, 1, 1, 1, false), ((int)history["fairs"]!, (int)history["approved"]!, (int)history["rejected"]!,
            (int)history["positions"]!, (int)history["applications"]!, (bool)history["suspended"]!));
        Assert.NotNull(requests[scene.EmployerId]!["employer"]!["creditCode"]);
        var first = requests[newcomerId]!["history"]!;
        Assert.Equal((0, 0, false), ((int)first["fairs"]!, (int)first["applications"]!, (bool)first["suspended"]!));

        using var admin = await app.AdminAsync();
        await Api.Expect(await admin.PostAsync($"/api/admin/employers/{newcomerId}/suspend", new { reason = "虚假招聘" }), HttpStatusCode.OK);
        var after = (await scene.Host.GetJsonAsync($"/api/fairs/{vetted}/participations?status=pending")).Items()
            .Single(p => (string?)p!["employerId"] == newcomerId.ToString())!;
        Assert.True((bool)after["history"]!["suspended"]!);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_invitations_by_credit_code_and_their_refusals()
    {
        using var api = app.Anonymous();
        var document = await api.GetJsonAsync("/openapi/v1.json");
        var route = document["paths"]!["/api/fairs/{id}/invitations"]!["post"]!;
        var conflicts = route["responses"]!["409"]!["x-problem-codes"]!.AsArray().Select(c => (string?)c).ToList();
        Assert.All(new[] { "already_participating", "fair_closed", "fair_not_published", "suspended_employer" }, c => Assert.Contains(c, conflicts));
        var schema = route["requestBody"]!["content"]!["application/json"]!["schema"]!;
        if (schema["$ref"] is { } reference)
            schema = document["components"]!["schemas"]![((string)reference!)["#/components/schemas/".Length..]]!;
        Assert.NotNull(schema["properties"]!["creditCode"]);
        Assert.NotNull(schema["properties"]!["employerId"]);
    }
}
