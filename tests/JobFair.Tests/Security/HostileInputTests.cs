using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using JobFair.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JobFair.Tests.Security;

/// <summary>
/// A seeded generator of malformed, mistyped, oversized and hostile requests, sent to every
/// route as every kind of caller. Whatever it sends, the answer is never a 5xx.
/// </summary>
public sealed class HostileInputTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private const int Seed = 20200408;
    private const int Requests = 900;

    private static readonly string[] Fields =
    [
        "email", "password", "universityId", "pairId", "title", "description", "startsAt", "endsAt", "name", "creditCode",
        "industry", "city", "size", "message", "approve", "reason", "employerId", "majors", "degree", "openings", "salaryMin",
        "salaryMax", "closesAt", "fairIds", "fairId", "kind", "heldAt", "participants", "studentNo", "major", "graduationYear",
        "phone", "positionId", "resumeId", "status", "note", "refreshToken", "q", "page", "pageSize", "batch", "hubei",
    ];

    private static readonly string[] Strings =
    [
        "", " ", "'; DROP TABLE users; --", "<script>alert(1)</script>", "\u0000", "../../etc/passwd", "%00", "😀😀😀", "\u202e",
        "null", "true", "-1", "1e309", "NaN", "2020-02-30T25:61:00+08:00", "0000-00-00", "9999-12-31T23:59:59+14:00",
        "00000000-0000-0000-0000-000000000000", "嵌入式软件开发工程师", "𠀀𠀁", new string('长', 10_000), new string('x', 100_000),
        "a\r\nSet-Cookie: evil=1", "{\"$ne\":null}", "\\u0000", "%PDF-1.4",
    ];

    [Fact]
    public async Task Seeded_hostile_requests_to_every_route_never_get_a_5xx()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene);
        var application = await student.AppliedAsync(scene, resume);
        var callers = new[] { app.Anonymous(), await app.RegisterAsync(), student, scene.Recruiter, scene.Host, await app.AdminAsync() };
        var ids = new[] { scene.FairId, scene.PositionId, scene.EmployerId, application, resume, scene.SupportedId, Guid.NewGuid(), Guid.Empty };
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Route: e.RoutePattern.RawText!)))
            .OrderBy(r => r.Route, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();
        var random = new Random(Seed);
        var failures = new List<string>();
        var seen = new HashSet<int>();

        for (var i = 0; i < Requests; i++)
        {
            var (method, route) = routes[i % routes.Count];
            var caller = callers[random.Next(callers.Length)];
            var url = FillRoute(route, random, ids) + Query(random);
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
            if (method is "POST" or "PUT" or "PATCH" || random.Next(5) == 0) request.Content = Body(random);
            using var response = await caller.Http.SendAsync(request);
            seen.Add((int)response.StatusCode);
            if ((int)response.StatusCode >= 500)
                failures.Add($"#{i} {method} {url} -> {(int)response.StatusCode}: {Truncate(await response.Content.ReadAsStringAsync())}");
        }

        Assert.True(failures.Count == 0, $"seed {Seed}: {failures.Count} requests got a 5xx:\n" + string.Join("\n", failures.Take(20)));
        // The generator reaches past authentication and routing into validation and handlers.
        Assert.Superset(new HashSet<int> { 200, 400, 401, 403, 404 }, seen);
    }

    private static string FillRoute(string route, Random random, Guid[] ids) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{([^}:]+)(:[^}]*)?\}", m => random.Next(6) switch
        {
            // The in-process test host itself rejects NUL in a path (Kestrel answers 400), so paths get no control characters.
            0 => Uri.EscapeDataString(Truncate(new string(Strings[random.Next(Strings.Length)].Where(c => !char.IsControl(c)).ToArray()))),
            _ => ids[random.Next(ids.Length)].ToString(),
        });

    private static string Query(Random random)
    {
        if (random.Next(2) == 0) return "";
        var parts = Enumerable.Range(0, random.Next(1, 5)).Select(_ =>
            $"{Fields[random.Next(Fields.Length)]}={Uri.EscapeDataString(Value(random)?.ToJsonString().Trim('"') ?? "")}");
        return "?" + string.Join("&", parts);
    }

    private static StringContent Body(Random random)
    {
        var text = random.Next(8) switch
        {
            0 => "",
            1 => "{",
            2 => "null",
            3 => "[" + new string('[', 5000) + "]",
            4 => "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 201),
            _ => RandomObject(random).ToJsonString(),
        };
        var type = random.Next(6) switch { 0 => "text/plain", 1 => "text/csv", 2 => "application/x-www-form-urlencoded", _ => "application/json" };
        return new StringContent(text, Encoding.UTF8, type);
    }

    private static JsonObject RandomObject(Random random)
    {
        var body = new JsonObject();
        foreach (var field in Fields.OrderBy(_ => random.Next()).Take(random.Next(1, 12))) body[field] = Value(random);
        return body;
    }

    private static JsonNode? Value(Random random) => random.Next(10) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue)),
        3 => JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-5, 300))),
        4 => new JsonArray(JsonValue.Create(Strings[random.Next(Strings.Length)]), JsonValue.Create(-1)),
        5 => new JsonObject { ["nested"] = JsonValue.Create(Strings[random.Next(Strings.Length)]) },
        6 => JsonValue.Create(Guid.NewGuid().ToString()),
        7 => JsonValue.Create(DateTimeOffset.UtcNow.AddDays(random.Next(-4000, 4000)).ToString("O", CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(Strings[random.Next(Strings.Length)]),
    };

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300];
}
