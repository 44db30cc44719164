using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Interviews;
using JobFair.Server.Infrastructure;
using JobFair.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JobFair.Tests.Foundation;

/// <summary>
/// Use cases as plain code: a page or hub method calls one with a principal and gets the very
/// refusals the API answers with; each route declares those refusals in the OpenAPI document.
/// </summary>
public sealed class UseCaseTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task Deciding_a_participation_without_HTTP_refuses_and_decides_as_the_route_does()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(supported);
        using var outsider = await app.CentreAsync(await app.UniversityIdAsync("厦门大学"));
        var fairId = await host.CreateFairAsync(pairId);
        var (recruiter, employerId) = await app.RecruiterAsync();
        await Api.Expect(await recruiter.PostAsync($"/api/fairs/{fairId}/participations", new { message = "hi" }), HttpStatusCode.Created);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        var decide = scope.ServiceProvider.GetRequiredService<DecideParticipation>();
        async Task<CurrentUser> CentreAsync(Api centre) =>
            CurrentUser.For(new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, (string)(await centre.GetJsonAsync("/api/me"))["userId"]!), new Claim(ClaimTypes.Role, Roles.Centre)],
                "test")), db);

        var noReason = await decide.RunAsync(await CentreAsync(host), fairId, employerId, new(Approve: false, Reason: null), default);
        Assert.Equal(("bad_request", "reason"), (noReason.Refusal?.Code, noReason.Refusal?.Field));
        var notHost = await decide.RunAsync(await CentreAsync(outsider), fairId, employerId, new(Approve: true, Reason: null), default);
        Assert.Equal(FairAccess.NotHost, notHost.Refusal);

        var approved = await decide.RunAsync(await CentreAsync(host), fairId, employerId, new(Approve: true, Reason: "资质齐全"), default);
        Assert.Null(approved.Refusal);
        Assert.Equal("approved", approved.Value.Status);
        Assert.Equal("approved", (string?)(await recruiter.GetJsonAsync("/api/employers/me/participations")).Items()[0]!["status"]);
        var again = await decide.RunAsync(await CentreAsync(host), fairId, employerId, new(Approve: true, Reason: null), default);
        Assert.Equal(DecideParticipation.NotPending, again.Refusal);
    }

    [Fact]
    public async Task Times_a_page_passes_with_the_readers_offset_are_stored_as_the_same_instants()
    {
        // A page hands the use cases times in the reader's zone (+08:00); Npgsql writes only UTC offsets.
        var scene = await app.FairSceneAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        async Task<CurrentUser> AsAsync(Api who, string role) =>
            CurrentUser.For(new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, (string)(await who.GetJsonAsync("/api/me"))["userId"]!), new Claim(ClaimTypes.Role, role)],
                "test")), db);
        var beijing = TimeSpan.FromHours(8);
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(3).AddHours(9), TimeSpan.Zero).ToOffset(beijing);
        var slotStart = InterviewWorld.HoursAhead(2).ToOffset(beijing); // while the scene's fair runs
        var pairId = Guid.Parse((string)(await scene.Host.GetJsonAsync($"/api/fairs/{scene.FairId}"))["pairId"]!);

        var created = await scope.ServiceProvider.GetRequiredService<CreateFair>().RunAsync(await AsAsync(scene.Host, Roles.Centre),
            new CreateFair.Request(pairId, "东八区的双选会", null, start, start.AddHours(8)), default);
        Assert.Null(created.Refusal);
        var edited = await scope.ServiceProvider.GetRequiredService<EditFair>().RunAsync(await AsAsync(scene.Host, Roles.Centre),
            created.Value.Id, new EditFair.Request("东八区的双选会", null, start.AddHours(1), start.AddHours(9)), default);
        Assert.Null(edited.Refusal);
        var published = await scope.ServiceProvider.GetRequiredService<PublishSlots>().RunAsync(await AsAsync(scene.Recruiter, Roles.Recruiter),
            scene.PositionId, new PublishSlots.Request([new(slotStart, slotStart.AddMinutes(30), 1)], null, null, null, null, null), default);
        Assert.Null(published.Refusal);

        var fair = await scene.Host.GetJsonAsync($"/api/fairs/{created.Value.Id}");
        Assert.Equal(start.AddHours(1), DateTimeOffset.Parse((string)fair["startsAt"]!, CultureInfo.InvariantCulture));
        var slot = (await scene.Recruiter.GetJsonAsync($"/api/positions/{scene.PositionId}/slots")).Items().Single()!;
        Assert.Equal(slotStart, DateTimeOffset.Parse((string)slot["startsAt"]!, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("post", "/api/fairs/{id}/participations", "409", "fair_not_published,already_requested,already_invited,already_approved,fair_closed")]
    [InlineData("post", "/api/fairs/{id}/participations", "403", "not_recruiter,forbidden")]
    [InlineData("post", "/api/fairs/{id}/participations/{employerId}/decision", "409", "not_pending")]
    [InlineData("post", "/api/fairs/{id}/participations/{employerId}/decision", "403", "not_host")]
    [InlineData("post", "/api/fairs/{id}/participations/{employerId}/decision", "404", "not_found")]
    [InlineData("post", "/api/fairs/{id}/invitations", "409", "already_participating,fair_closed")]
    [InlineData("post", "/api/fairs/{id}/publish", "409", "already_published,fair_closed")]
    [InlineData("post", "/api/employers", "409", "employer_exists")]
    [InlineData("post", "/api/employers", "403", "already_has_role")]
    [InlineData("post", "/api/employers/invitations/{code}/accept", "409", "invitation_used")]
    [InlineData("post", "/api/pairs/{id}/activities", "403", "not_pair_member")]
    [InlineData("post", "/api/admin/centre-staff", "409", "email_taken")]
    [InlineData("get", "/api/me", "401", "unauthenticated")]
    [InlineData("get", "/api/pairs", "400", "bad_request")]
    public async Task The_OpenAPI_document_lists_the_codes_a_route_refuses_with(string method, string path, string status, string codes)
    {
        using var api = app.Anonymous();
        var document = await api.GetJsonAsync("/openapi/v1.json");
        var response = document["paths"]![path]![method]!["responses"]![status];

        Assert.NotNull(response);
        var listed = response["x-problem-codes"]!.AsArray().Select(c => (string?)c).ToList();
        Assert.All(codes.Split(','), code => Assert.Contains(code, listed));
        Assert.IsType<JsonObject>(response["content"]!["application/problem+json"]);
    }

    [Theory]
    [InlineData("post", "/api/employers", "creditCode")]
    [InlineData("post", "/api/fairs", "pairId")]
    [InlineData("post", "/api/fairs/{id}/invitations", "employerId")]
    [InlineData("post", "/api/fairs/{id}/participations/{employerId}/decision", "approve")]
    [InlineData("put", "/api/me/time-zone", "timeZone")]
    [InlineData("post", "/api/applications", "resumeId")]
    public async Task Each_route_documents_its_own_request_body(string method, string path, string property)
    {
        using var api = app.Anonymous();
        var document = await api.GetJsonAsync("/openapi/v1.json");
        var schema = document["paths"]![path]![method]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        if (schema["$ref"] is { } reference)
            schema = document["components"]!["schemas"]![((string)reference!)["#/components/schemas/".Length..]]!;

        Assert.NotNull(schema["properties"]![property]);
    }
}
