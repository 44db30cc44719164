using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobFair.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JobFair.Tests.Foundation;

/// <summary>Cross-cutting promises of the contract: OpenAPI, health, problem details.</summary>
public sealed partial class ContractTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task The_OpenAPI_document_describes_every_route()
    {
        using var api = app.Anonymous();
        var document = await api.GetJsonAsync("/openapi/v1.json");
        var documented = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {p.Key}"))
            .ToHashSet();

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        // Pages, static files and the language switch are for people and say so; nothing under /api may.
        bool ForPeople(RouteEndpoint e) => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true;
        Assert.Empty(endpoints.Where(e => ForPeople(e) && e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal))
            .Select(e => e.RoutePattern.RawText));
        var routes = endpoints
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/openapi", StringComparison.Ordinal) && !ForPeople(e))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => $"{m} {Normalise(e.RoutePattern.RawText!)}"))
            .ToHashSet();

        Assert.Contains("GET /api/pairs", routes);
        // Endpoints that take any method (the SignalR hub's) are described by the methods clients use.
        var documentedPaths = documented.Select(d => d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..]).ToHashSet();
        Assert.Empty(routes.Except(documented).Where(r => !(r.StartsWith("ANY ", StringComparison.Ordinal) && documentedPaths.Contains(r[4..])))
            .Order(StringComparer.Ordinal));
        Assert.Contains("GET /hubs/live", documented);
    }

    [Fact]
    public async Task The_OpenAPI_document_names_the_codes_each_refusal_of_a_route_carries()
    {
        using var api = app.Anonymous();
        var document = await api.GetJsonAsync("/openapi/v1.json");
        var responses = document["paths"]!["/api/applications"]!["post"]!["responses"]!;
        string[] Codes(string status) => responses[status]!["x-problem-codes"]!.AsArray().Select(c => (string)c!).ToArray();

        Assert.Contains("already_applied", Codes("409"));
        Assert.Contains("position_closed", Codes("409"));
        Assert.Contains("not_host_student", Codes("403"));
        Assert.Contains("unauthenticated", Codes("401"));
        Assert.NotNull(responses["409"]!["content"]!["application/problem+json"]);
    }

    [Fact]
    public async Task The_OpenAPI_document_names_the_refusals_every_route_and_Identity_s_routes_give()
    {
        using var api = app.Anonymous();
        var paths = (await api.GetJsonAsync("/openapi/v1.json"))["paths"]!;
        string[] Codes(string path, string method, string status) =>
            paths[path]![method]!["responses"]![status]?["x-problem-codes"]?.AsArray().Select(c => (string)c!).ToArray() ?? [];

        // The safe-text checks answer before any route; a route reading a body refuses another media type.
        Assert.Contains("control_character", Codes("/api/pairs", "get", "400"));
        Assert.Contains("control_character", Codes("/api/applications", "post", "400"));
        Assert.Contains("unsupported_media_type", Codes("/api/applications", "post", "415"));
        Assert.Empty(Codes("/api/pairs", "get", "415"));
        // Identity's routes, mapped by the framework, with the contract's codes for a failed sign-in.
        Assert.Contains("invalid_credentials", Codes("/api/auth/login", "post", "401"));
        Assert.Contains("locked_out", Codes("/api/auth/login", "post", "429"));
        Assert.Contains("unauthenticated", Codes("/api/auth/refresh", "post", "401"));
        Assert.Contains("bad_request", Codes("/api/auth/confirmEmail", "get", "400"));
        // The rest of what Identity's routes answer: the sign-in budget of every /api/auth route, a
        // confirmation link that is not valid, an account deleted while signed in.
        foreach (var (path, method) in new[] { ("/api/auth/login", "post"), ("/api/auth/refresh", "post"), ("/api/auth/register", "post"), ("/api/auth/manage/info", "get") })
            Assert.Contains("too_many_requests", Codes(path, method, "429"));
        Assert.Contains("unauthenticated", Codes("/api/auth/confirmEmail", "get", "401"));
        Assert.Contains("not_found", Codes("/api/auth/manage/info", "get", "404"));
        Assert.Contains("not_found", Codes("/api/auth/manage/info", "post", "404"));
        Assert.Contains("not_found", Codes("/api/auth/manage/2fa", "post", "404"));
        Assert.Contains("unauthenticated", Codes("/api/auth/manage/info", "get", "401"));
        // A time outside 1900-2200 in a body is refused by name.
        Assert.Contains("out_of_range", Codes("/api/fairs", "post", "400"));
    }

    [Fact]
    public async Task Identity_s_routes_answer_the_refusals_the_document_declares_for_them()
    {
        // A confirmation link naming no account, or with a wrong code: 401 unauthenticated, as declared.
        using var api = app.Anonymous();
        var confirm = await Api.ExpectProblem(await api.GetAsync($"/api/auth/confirmEmail?userId={Guid.NewGuid()}&code=bm9wZQ"),
            HttpStatusCode.Unauthorized);
        Assert.Equal("unauthenticated", (string?)confirm["code"]);

        // An account deleted while its token is still valid: the account-management routes answer 404 not_found.
        using var gone = await app.RegisterAsync();
        await Api.Expect(await gone.GetAsync("/api/auth/manage/info"), HttpStatusCode.OK);
        await app.WithDb(db => db.Users.Where(u => u.Email == gone.Email).ExecuteDeleteAsync());
        var info = await Api.ExpectProblem(await gone.GetAsync("/api/auth/manage/info"), HttpStatusCode.NotFound);
        Assert.Equal("not_found", (string?)info["code"]);
    }

    [Fact]
    public async Task The_bench_hub_and_its_broadcast_are_not_there_unless_a_benchmark_asks_for_them()
    {
        // Mapped only under Bench:BareHub=true (deploy/bench.sh live-fanout); a hub anyone may join has no place in production.
        using var api = app.Anonymous();
        await Api.Expect(await api.PostAsync($"/bench/broadcast?fairId={Guid.NewGuid()}&version=1", null), HttpStatusCode.NotFound);
        await Api.Expect(await api.PostAsync("/hubs/bench/negotiate?negotiateVersion=1", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Health_answers_live_and_ready()
    {
        using var api = app.Anonymous();
        await Api.Expect(await api.GetAsync("/health/live"), HttpStatusCode.OK);
        var ready = await Api.Expect(await api.GetAsync("/health/ready"), HttpStatusCode.OK);
        Assert.Equal("Healthy", (string?)ready["status"]);
    }

    [Fact]
    public async Task Every_refusal_is_problem_json_and_never_a_500()
    {
        using var api = app.Anonymous();
        using var admin = await app.AdminAsync();
        var requests = new (Api Caller, HttpMethod Method, string Url, string? Body, HttpStatusCode Status)[]
        {
            (api, HttpMethod.Get, "/api/no-such-route", null, HttpStatusCode.NotFound),
            (api, HttpMethod.Delete, "/api/pairs", null, HttpStatusCode.MethodNotAllowed),
            (api, HttpMethod.Get, "/api/pairs?batch=99999999999", null, HttpStatusCode.BadRequest),
            (api, HttpMethod.Get, "/api/universities?q=" + new string('x', 500), null, HttpStatusCode.BadRequest),
            (api, HttpMethod.Get, "/api/universities?hubei=maybe", null, HttpStatusCode.BadRequest),
            (api, HttpMethod.Post, "/api/auth/login", "not json at all", HttpStatusCode.BadRequest),
            (api, HttpMethod.Post, "/api/auth/login", "{\"email\": [1,2,3]}", HttpStatusCode.BadRequest),
            (admin, HttpMethod.Post, "/api/admin/centre-staff", "{\"email\":\"\\u0000<script>\",\"password\":\"x\",\"universityId\":\"00000000-0000-0000-0000-000000000000\"}", HttpStatusCode.BadRequest),
            (admin, HttpMethod.Post, "/api/admin/centre-staff", "{}", HttpStatusCode.BadRequest),
            (admin, HttpMethod.Post, "/api/admin/centre-staff", "", HttpStatusCode.BadRequest),
        };
        foreach (var (caller, method, url, body, status) in requests)
        {
            using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
            if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            var problem = await Api.ExpectProblem(await caller.Http.SendAsync(request), status);
            Assert.Equal((int)status, (int)problem["status"]!);
            Assert.False(string.IsNullOrEmpty((string?)problem["code"]), $"{method} {url} has no code");
        }
    }

    [Fact]
    public async Task Validation_messages_speak_Chinese_by_default_and_English_on_request()
    {
        using var api = app.Anonymous();
        var chinese = await Api.ExpectProblem(await api.GetAsync("/api/pairs?pageSize=0"), HttpStatusCode.BadRequest);
        Assert.Matches(CjkRegex(), Message(chinese));

        api.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var english = await Api.ExpectProblem(await api.GetAsync("/api/pairs?pageSize=0"), HttpStatusCode.BadRequest);
        Assert.DoesNotMatch(CjkRegex(), Message(english));
        Assert.Contains("pageSize", Message(english), StringComparison.Ordinal);
    }

    private static string Message(JsonNode problem) => (string)problem["errors"]!["pageSize"]![0]!;

    private static string Normalise(string route) => RouteConstraint().Replace(route, "{$1}");

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex CjkRegex();
}
