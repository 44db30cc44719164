using System.Net;
using System.Net.Http.Json;
using JobFair.Server.Features.Accounts;
using JobFair.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace JobFair.Tests.Security;

/// <summary>A credit code registered by the wrong person can be disputed: suspension and transfer (issue 11, item 3).</summary>
public sealed class EmployerDisputeTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private static Task<HttpResponseMessage> SuspendAsync(Api admin, Guid employerId, string? reason = "信用代码归属争议，待核实") =>
        admin.PostAsync($"/api/admin/employers/{employerId}/suspend", new { reason });

    private static Task<HttpResponseMessage> ReinstateAsync(Api admin, Guid employerId) =>
        admin.PostAsync($"/api/admin/employers/{employerId}/reinstate", new { reason = "核实无误" });

    private static async Task<HashSet<string>> ListedAsync(Api anyone, Guid fairId, string query = "") =>
        (await anyone.GetJsonAsync($"/api/fairs/{fairId}/positions?pageSize=100{query}")).Items().Select(p => (string)p!["id"]!).ToHashSet();

    private async Task FiguresAsync(Guid fairId, int employers, int positions) =>
        await Eventually.True(async () =>
        {
            using var anyone = app.Anonymous();
            var stats = await anyone.GetJsonAsync($"/api/fairs/{fairId}/stats");
            return (int)stats["employers"]! == employers && (int)stats["positions"]! == positions;
        }, $"the fair's figures to show {employers} employers and {positions} positions");

    [Fact]
    public async Task A_suspended_employers_postings_leave_every_list_and_come_back_on_reinstatement()
    {
        var scene = await app.FairSceneAsync("嵌入式软件开发工程师");
        var (other, otherId) = await app.RecruiterAsync();
        await scene.Host.ApproveAsync(other, scene.FairId, otherId);
        var kept = (await other.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "嵌入式测试工程师"))).ToString();
        var gone = scene.PositionId.ToString();
        using var anyone = app.Anonymous();
        using var admin = await app.AdminAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene);
        await FiguresAsync(scene.FairId, employers: 2, positions: 2);

        var suspended = await Api.Expect(await SuspendAsync(admin, scene.EmployerId), HttpStatusCode.OK);

        Assert.NotNull((string?)suspended["suspendedAt"]);
        Assert.Equal("信用代码归属争议，待核实", (string?)suspended["suspensionReason"]);
        Assert.Equal(new HashSet<string> { kept }, await ListedAsync(anyone, scene.FairId));
        Assert.Equal(new HashSet<string> { kept }, await ListedAsync(anyone, scene.FairId, "&q=嵌入式"));
        Assert.Empty(await ListedAsync(anyone, scene.FairId, $"&q=嵌入式&employerId={scene.EmployerId}"));
        await Api.ExpectProblem(await anyone.GetAsync($"/api/positions/{gone}"), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await student.ApplyAsync(scene, resume), HttpStatusCode.NotFound);
        await FiguresAsync(scene.FairId, employers: 1, positions: 1);

        await Api.Expect(await ReinstateAsync(admin, scene.EmployerId), HttpStatusCode.OK);

        Assert.Equal(new HashSet<string> { kept, gone }, await ListedAsync(anyone, scene.FairId));
        Assert.Equal(new HashSet<string> { kept, gone }, await ListedAsync(anyone, scene.FairId, "&q=嵌入式"));
        await anyone.GetJsonAsync($"/api/positions/{gone}");
        await student.AppliedAsync(scene, resume);
        await FiguresAsync(scene.FairId, employers: 2, positions: 2);
        var audited = await app.WithDb(db => db.AuditEntries.Where(a => a.SubjectId == scene.EmployerId).Select(a => a.Action).ToListAsync());
        Assert.Equal(["employer_reinstated", "employer_suspended"], audited.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_posting_shared_or_edited_while_its_employer_is_being_suspended_is_not_listed_once_it_is()
    {
        var scene = await app.FairSceneAsync("嵌入式软件开发工程师");
        using var anyone = app.Anonymous();

        // A suspension in progress: the employer's row and its postings' entries are changed, not yet committed.
        await using var suspension = new NpgsqlConnection(app.ConnectionString);
        await suspension.OpenAsync();
        await using var tx = await suspension.BeginTransactionAsync();
        await using (var suspend = new NpgsqlCommand(
                         $"UPDATE employers SET suspended_at = now(), suspension_reason = '核实中' WHERE id = '{scene.EmployerId}'", suspension, tx))
            await suspend.ExecuteNonQueryAsync();
        // Meanwhile its recruiter shares a new posting into the fair and edits the one already there.
        var sharing = scene.Recruiter.PostAsync("/api/positions", FairWorld.PositionBody([scene.FairId], "嵌入式测试工程师"));
        var editing = scene.Recruiter.Http.PutAsJsonAsync(new Uri($"/api/positions/{scene.PositionId}", UriKind.Relative),
            FairWorld.PositionBody([], "嵌入式系统工程师"));
        // Both wait for the suspension (not merely slow): PostgreSQL says so.
        await using (var watch = new NpgsqlConnection(app.ConnectionString))
        {
            await watch.OpenAsync();
            await using var blocked = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND $1 = ANY(pg_blocking_pids(pid))", watch);
            blocked.Parameters.AddWithValue(suspension.ProcessID);
            await Eventually.True(async () => (long)(await blocked.ExecuteScalarAsync())! >= 2, "the share and the edit to wait for the suspension");
        }
        await tx.CommitAsync();

        var shared = Guid.Parse((string)(await Api.Expect(await sharing, HttpStatusCode.Created))["id"]!);
        await Api.Expect(await editing, HttpStatusCode.OK);
        Assert.Empty(await ListedAsync(anyone, scene.FairId));
        Assert.Empty(await ListedAsync(anyone, scene.FairId, "&q=" + Uri.EscapeDataString("嵌入式")));
        Assert.Equal(0, (int)(await anyone.GetJsonAsync($"/api/fairs/{scene.FairId}/positions"))["total"]!);
        await Api.ExpectProblem(await anyone.GetAsync($"/api/positions/{shared}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Recruiters_of_a_suspended_employer_are_refused_every_route_they_could_use()
    {
        var scene = await app.FairSceneAsync();
        var (bystander, _) = await app.RecruiterAsync();
        using var admin = await app.AdminAsync();
        await Api.Expect(await SuspendAsync(admin, scene.EmployerId), HttpStatusCode.OK);

        // Every route a recruiter may reach: those of the recruiter policy and those for any signed-in caller.
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is Policies.Recruiter or Policies.SignedIn))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Method: m, Route: e.RoutePattern.RawText!)))
            .ToList();
        Assert.True(routes.Count >= 25, $"only {routes.Count} routes found");
        var wrong = new List<string>();
        foreach (var (method, route) in routes)
        {
            var url = System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]+\}", _ => Guid.NewGuid().ToString());
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
            if (method is "POST" or "PUT") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            using var response = await scene.Recruiter.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            // A page answers its 403 page for people; the API says why with the code.
            var isApi = route.StartsWith("/api", StringComparison.Ordinal) || route.StartsWith("/hubs", StringComparison.Ordinal);
            if (response.StatusCode != HttpStatusCode.Forbidden || isApi && !body.Contains("\"employer_suspended\"", StringComparison.Ordinal))
                wrong.Add($"{method} {route} -> {(int)response.StatusCode} {body[..Math.Min(body.Length, 120)]}");
        }
        Assert.True(wrong.Count == 0, "answered a suspended employer's recruiter otherwise:\n" + string.Join("\n", wrong));

        // Nobody else is held up, and the recruiter acts again once the employer is reinstated.
        await bystander.GetJsonAsync("/api/employers/me");
        await Api.Expect(await ReinstateAsync(admin, scene.EmployerId), HttpStatusCode.OK);
        await scene.Recruiter.GetJsonAsync("/api/employers/me");
        await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "重新上架的岗位"));
    }

    [Fact]
    public async Task The_admin_transfers_a_squatted_employer_to_the_account_it_belongs_to()
    {
        var (squatter, employerId) = await app.RecruiterAsync("武汉光谷信息技术有限公司");
        var creditCode = (string)(await squatter.GetJsonAsync("/api/employers/me"))["employer"]!["creditCode"]!;
        using var accomplice = await app.RegisterAsync();
        var joined = (string)(await Api.Expect(await squatter.PostAsync("/api/employers/me/invitations", new { email = accomplice.Email }),
            HttpStatusCode.Created))["code"]!;
        await Api.Expect(await accomplice.PostAsync($"/api/employers/invitations/{joined}/accept", null), HttpStatusCode.OK);
        var laterEmail = Callers.NewEmail("later");
        var later = (string)(await Api.Expect(await squatter.PostAsync("/api/employers/me/invitations", new { email = laterEmail }),
            HttpStatusCode.Created))["code"]!;
        using var owner = await app.RegisterAsync(Callers.NewEmail("owner"));
        // The squat: the rightful owner cannot register their own credit code.
        await Api.ExpectProblem(await owner.PostAsync("/api/employers", new
        {
            name = "武汉光谷信息技术有限公司", creditCode, industry = "软件和信息技术服务业", city = "武汉", size = "100-499人",
        }), HttpStatusCode.Conflict, "employer_exists");
        using var admin = await app.AdminAsync();

        var moved = await Api.Expect(await admin.PostAsync($"/api/admin/employers/{employerId}/transfer",
            new { email = owner.Email!.ToUpperInvariant(), reason = "营业执照核实" }), HttpStatusCode.OK);

        Assert.Equal([owner.Email], moved["recruiters"]!.AsArray().Select(r => (string?)r!["email"]));
        await owner.RefreshAsync();
        Assert.Equal(employerId.ToString(), (string?)(await owner.GetJsonAsync("/api/me"))["employerId"]);
        Assert.Equal(creditCode, (string?)(await owner.GetJsonAsync("/api/employers/me"))["employer"]!["creditCode"]);
        // The earlier holders keep nothing: not the role, not their sessions, not the open invitation.
        await Api.ExpectProblem(await squatter.GetAsync("/api/employers/me"), HttpStatusCode.Forbidden, "not_recruiter");
        await Api.ExpectProblem(await accomplice.GetAsync("/api/employers/me"), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await squatter.PostAsync("/api/auth/refresh", new { refreshToken = squatter.RefreshToken }), HttpStatusCode.Unauthorized);
        using var newcomer = await app.RegisterAsync(laterEmail);
        await Api.ExpectProblem(await newcomer.PostAsync($"/api/employers/invitations/{later}/accept", null), HttpStatusCode.Conflict, "invitation_used");
        var audit = await app.WithDb(db => db.AuditEntries.SingleAsync(a => a.SubjectId == employerId && a.Action == "employer_transferred"));
        Assert.Contains(squatter.Email!, audit.Detail, StringComparison.Ordinal);
        Assert.Contains(accomplice.Email!, audit.Detail, StringComparison.Ordinal);

        // Accounts with a role and unknown addresses are refused; moving it to its own recruiter again changes nothing.
        var (student, _) = await app.StudentAsync(await app.UniversityIdAsync("武汉东湖学院"));
        await Api.ExpectProblem(await admin.PostAsync($"/api/admin/employers/{employerId}/transfer", new { email = student.Email }),
            HttpStatusCode.Conflict, "account_has_role");
        await Api.ExpectProblem(await admin.PostAsync($"/api/admin/employers/{employerId}/transfer", new { email = Callers.NewEmail() }),
            HttpStatusCode.NotFound);
        await Api.Expect(await admin.PostAsync($"/api/admin/employers/{employerId}/transfer", new { email = owner.Email }), HttpStatusCode.OK);
        Assert.Equal(owner.Email, (string?)(await admin.GetJsonAsync($"/api/admin/employers/{employerId}"))["recruiters"]!.AsArray().Single()!["email"]);
    }

    [Fact]
    public async Task Only_the_admin_disputes_employers_and_each_step_says_why_it_cannot_be_taken()
    {
        var (recruiter, employerId) = await app.RecruiterAsync();
        using var centre = await app.CentreAsync(await app.UniversityIdAsync("南京大学"));
        using var admin = await app.AdminAsync();
        string[] routes = ["suspend", "reinstate", "transfer"];

        foreach (var step in routes)
        {
            var url = $"/api/admin/employers/{employerId}/{step}";
            await Api.ExpectProblem(await recruiter.PostAsync(url, new { reason = "x", email = recruiter.Email }), HttpStatusCode.Forbidden);
            await Api.ExpectProblem(await centre.PostAsync(url, new { reason = "x", email = recruiter.Email }), HttpStatusCode.Forbidden);
            await Api.ExpectProblem(await app.Anonymous().PostAsync(url, new { reason = "x" }), HttpStatusCode.Unauthorized);
        }
        await Api.ExpectProblem(await centre.GetAsync($"/api/admin/employers/{employerId}"), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await SuspendAsync(admin, Guid.NewGuid()), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await SuspendAsync(admin, employerId, reason: null), HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await ReinstateAsync(admin, employerId), HttpStatusCode.Conflict, "not_suspended");
        await Api.Expect(await SuspendAsync(admin, employerId), HttpStatusCode.OK);
        await Api.ExpectProblem(await SuspendAsync(admin, employerId), HttpStatusCode.Conflict, "already_suspended");
        var listed = await admin.GetJsonAsync("/api/admin/employers?suspended=true&pageSize=100");
        Assert.Contains(listed.Items(), e => (string?)e!["id"] == employerId.ToString());
        // The admin answers the route with no body too.
        await Api.Expect(await admin.PostAsync($"/api/admin/employers/{employerId}/reinstate", null), HttpStatusCode.OK);
        Assert.DoesNotContain((await admin.GetJsonAsync("/api/admin/employers?suspended=true&pageSize=100")).Items(),
            e => (string?)e!["id"] == employerId.ToString());
    }
}
