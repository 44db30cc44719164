using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using JobFair.Server.Infrastructure;
using JobFair.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace JobFair.Tests.Security;

/// <summary>
/// Hostile input on Kestrel, as deployed: every parameter and every JSON field of every route of the
/// served OpenAPI document given values no honest client sends, real NULs and control bytes in the
/// request line and headers, and bodies over the limits. Whatever arrives, the answer is never a
/// 5xx: a control character is a 400 <c>control_character</c>, a time outside 1900-2200 a 400, a body
/// over its limit a 413 <c>too_large</c>, and a 4xx the application answers is problem+json.
/// </summary>
public sealed partial class HostileInputTests(HostileInputTests.Server app) : IClassFixture<HostileInputTests.Server>
{
    /// <summary>Kestrel, with the sign-in limit out of the way: this class signs in far more often than people do.</summary>
    public sealed class Server : LiveApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
            [new("RateLimits:SignInBurst", "1000000"), new("RateLimits:SignInPerMinute", "1000000")];
    }

    private enum Expect { NoServerError, ControlCharacter, BadRequest, RefusedByKestrel }

    private sealed record Attempt(string Caller, string Method, string Url, string? Body, Expect Expect, string What,
        string ContentType = "application/json");

    private sealed record Outcome(Attempt Attempt, int Status, string? MediaType, string? Code, string Text);

    [Fact]
    public async Task Every_field_of_every_route_given_hostile_values_gets_a_4xx_problem_never_a_5xx()
    {
        var world = await WorldAsync();
        var operations = await OpenApiRoutes.ReadAsync(app.Anonymous());
        Assert.True(operations.Count > 50, $"the OpenAPI document lists {operations.Count} operations under /api");
        // Routes that end something (closing, cancelling, deleting) go last, so the others still find it open.
        operations = operations.OrderBy(o => o.Method == "DELETE" || o.Route.EndsWith("/close", StringComparison.Ordinal)).ToList();

        var failures = new List<(Operation Operation, int Status, string Line)>();
        var refusals = new HashSet<(Operation Operation, int Status, string Code)>();
        var unaccepted = new List<string>();
        var sent = 0;
        foreach (var operation in operations)
        {
            // The caller who gets furthest with a plausible request carries the hostile ones.
            var baseline = Baseline(operation, world);
            var probes = new List<Outcome>();
            foreach (var (name, _) in world.Callers)
                probes.Add(await SendAsync(world, new Attempt(name, operation.Method, Url(operation, world, null, null), baseline?.ToJsonString(), Expect.NoServerError, "plausible")));
            var best = probes.OrderBy(p => Rank(p.Status)).First();
            var caller = best.Attempt.Caller;
            if (best.Status >= 300) unaccepted.Add($"{operation} {best.Status} {best.Code} {Truncate(best.Text, 300)}");

            var attempts = new List<Attempt>(probes.Select(p => p.Attempt));
            foreach (var parameter in operation.PathParameters)
                foreach (var (value, expect) in PathValues)
                    attempts.Add(new Attempt(caller, operation.Method, Url(operation, world, (parameter.Name, value), null), baseline?.ToJsonString(), expect, $"path {parameter.Name}={value}"));
            foreach (var parameter in operation.Query.Append(new Field("unlisted", "string", null, [])))
                foreach (var (value, expect) in QueryValues)
                    attempts.Add(new Attempt(caller, operation.Method, Url(operation, world, null, (parameter.Name, value)), baseline?.ToJsonString(), expect, $"query {parameter.Name}={value}"));
            if (baseline is not null)
            {
                foreach (var field in operation.BodyFields)
                    foreach (var (value, expect) in BodyValues(field))
                        attempts.Add(new Attempt(caller, operation.Method, Url(operation, world, null, null), WithValue(baseline, field.Path, value), expect,
                            $"body {string.Join('.', field.Path)}={Truncate(value, 40)}"));
                foreach (var (body, what) in AllTimesFarOff(baseline, operation.BodyFields))
                    attempts.Add(new Attempt(caller, operation.Method, Url(operation, world, null, null), body, Expect.BadRequest, what));
                foreach (var raw in WholeBodies)
                    attempts.Add(new Attempt(caller, operation.Method, Url(operation, world, null, null), raw, Expect.NoServerError, $"body {Truncate(raw, 40)}"));
                foreach (var (raw, type, expect) in OtherBodies)
                    attempts.Add(new Attempt(caller, operation.Method, Url(operation, world, null, null), raw, expect, $"{type} body {raw}", type));
            }

            await Parallel.ForEachAsync(attempts.Skip(probes.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (attempt, _) =>
            {
                var outcome = await SendAsync(world, attempt);
                if (outcome is { Status: >= 400 and < 500, Code: { } code })
                    lock (refusals) refusals.Add((operation, outcome.Status, code));
                if (Judge(outcome) is { } failure)
                    lock (failures) failures.Add((operation, outcome.Status, $"as {attempt.Caller}, {attempt.What}: {failure}"));
            });
            refusals.UnionWith(probes.Where(p => p is { Status: >= 400 and < 500, Code: not null }).Select(p => (operation, p.Status, p.Code!)));
            failures.AddRange(probes.Where(p => Judge(p) is not null).Select(p => (operation, p.Status, $"as {p.Attempt.Caller}, plausible request: {Judge(p)}")));
            sent += attempts.Count;
        }

        // The hostile values must reach the handlers: most routes accept the plausible request they are
        // made from (the others refuse it by a rule of state, such as already_applied, or take no JSON).
        Assert.True(unaccepted.Count * 3 < operations.Count, $"{unaccepted.Count} of {operations.Count} routes refused every plausible request:\n" + string.Join("\n", unaccepted));
        // One line per route (how many of its requests went wrong, and the first of them), server errors first.
        var report = failures.GroupBy(f => f.Operation)
            .OrderByDescending(g => g.Count(f => f.Status >= 500))
            .Select(g => $"{g.Count(),4} × {g.Key} (5xx: {g.Count(f => f.Status >= 500)}) {g.OrderByDescending(f => f.Status >= 500).First().Line}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests were answered wrongly, " +
            $"{failures.Count(f => f.Status >= 500)} of them with a 5xx:\n" + string.Join("\n", report));
        // Every refusal met is declared in the document, status and code, not only in prose.
        using var reader = app.Anonymous();
        var document = await reader.GetJsonAsync("/openapi/v1.json");
        var undeclared = refusals.Where(r => !DeclaredCodes(document, r.Operation, r.Status).Contains(r.Code))
            .Select(r => $"{r.Operation} {r.Status} {r.Code}").Order(StringComparer.Ordinal).ToList();
        Assert.True(undeclared.Count == 0, $"{undeclared.Count} refusals answered are not declared in /openapi/v1.json:\n" + string.Join("\n", undeclared));
    }

    [Fact]
    public async Task Raw_control_bytes_in_the_request_line_or_a_header_the_app_reads_are_refused_without_a_5xx()
    {
        var user = await app.RegisterAsync();
        var host = $"127.0.0.1:{app.Address.Port}";
        string[] Head(string requestLine, params string[] headers) => [requestLine, $"Host: {host}", .. headers];
        var cases = new (string What, string[] Head, bool ByKestrel)[]
        {
            ("NUL in the query", Head("GET /api/universities?q=a\0b HTTP/1.1"), true),
            ("NUL in the path", Head("GET /api/fairs/\0 HTTP/1.1"), true),
            ("SOH in the query", Head("GET /api/universities?q=a\u0001b HTTP/1.1"), true),
            ("NUL in Accept-Language", Head("GET /api/universities HTTP/1.1", "Accept-Language: zh\0"), true),
            ("SOH in Accept-Language", Head("GET /api/universities HTTP/1.1", "Accept-Language: zh-CN\u0001"), false),
            ("SOH in Authorization", Head("GET /api/me HTTP/1.1", $"Authorization: Bearer {user.AccessToken}\u0001"), false),
            ("ESC in Cookie", Head("GET /api/me HTTP/1.1", "Cookie: jobfair=\u001b[2J"), false),
            ("DEL in X-Forwarded-For", Head("GET /api/universities HTTP/1.1", "X-Forwarded-For: 10.0.0.1\u007f"), false),
            ("SOH in Idempotency-Key", Head("POST /api/employers HTTP/1.1", $"Authorization: Bearer {user.AccessToken}",
                "Content-Type: application/json", "Idempotency-Key: k\u0001"), false),
            ("SOH in Content-Type", Head("POST /api/employers HTTP/1.1", $"Authorization: Bearer {user.AccessToken}", "Content-Type: application/json\u0001"), false),
        };
        foreach (var (what, head, byKestrel) in cases)
        {
            var answer = await RawHttp.SendAsync(app.Address, head, head[0].StartsWith("POST", StringComparison.Ordinal) ? "{}" : "");
            Assert.True(answer.Status == 400, $"{what}: {answer.Status} {answer.Body}");
            // Kestrel turns away what is not HTTP without a body; what reaches the application gets a problem.
            if (!byKestrel || answer.ContentType is not null)
            {
                Assert.True(answer.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true, $"{what}: {answer.ContentType}");
                Assert.Contains("\"code\":\"control_character\"", answer.Body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Bodies_over_their_limit_are_413_too_large_on_Kestrel()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, _) = await app.ApplicantAsync(scene);

        // Each as a careful client sends a large body: "Expect: 100-continue", so that the refusal
        // arrives before the body is sent (Kestrel closes the connection on a body it will not read).
        async Task<HttpResponseMessage> SendAsync(Api caller, string url, HttpContent content)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = content };
            request.Headers.ExpectContinue = true;
            return await caller.Http.SendAsync(request);
        }

        // JSON: the server-wide limit (1 MB).
        var big = new StringContent($"{{\"title\":\"{new string('x', 2 * 1024 * 1024)}\"}}", Encoding.UTF8, "application/json");
        await Api.ExpectProblem(await SendAsync(scene.Recruiter, "/api/positions", big), HttpStatusCode.RequestEntityTooLarge, "too_large");
        // A resume of 6 MB (the route takes a little over 5 MB), and a roster of 21 MB (the route takes 20 MB).
        var resume = new MultipartFormDataContent { { new ByteArrayContent(Pdfs.Make(padTo: 6 * 1024 * 1024)), "file", "resume.pdf" }, { new StringContent("简历"), "title" } };
        await Api.ExpectProblem(await SendAsync(student, "/api/students/me/resumes", resume), HttpStatusCode.RequestEntityTooLarge, "too_large");
        var roster = StudentWorld.RosterHeader + "\n" + string.Concat(Enumerable.Repeat("S1,张三,计算机,bachelor,2020\n", 21 * 1024 * 1024 / 30));
        await Api.ExpectProblem(await SendAsync(scene.Host, $"/api/universities/{scene.SupportedId}/roster", new StringContent(roster, Encoding.UTF8, "text/csv")),
            HttpStatusCode.RequestEntityTooLarge, "too_large");
    }

    [Fact]
    public async Task Control_characters_in_a_form_field_or_a_CSV_cell_are_refused_with_a_clear_message()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, _) = await app.ApplicantAsync(scene);

        var upload = await student.UploadAsync(Pdfs.Make(), title: "简历\0");
        var problem = await Api.ExpectProblem(upload, HttpStatusCode.BadRequest, "control_character");
        Assert.Contains("title", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Contains("U+0000", (string?)problem["detail"], StringComparison.Ordinal);

        // A roster reports each bad line and imports the rest (the contract's way with bad rows).
        var csv = $"{StudentWorld.RosterHeader}\nS{Random.Shared.Next():D10},张\0三,计算机,bachelor,2020\nS{Random.Shared.Next():D10},李四,计算机,bachelor,2020\n";
        var report = await Api.Expect(await scene.Host.ImportRosterAsync(scene.SupportedId, csv), HttpStatusCode.OK);
        Assert.Equal(1, (int)report["imported"]!);
        var rejected = Assert.Single(report["rejected"]!.AsArray());
        Assert.Equal(2, (int)rejected!["line"]!);
        Assert.Contains("U+0000", (string?)rejected["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_the_database_refuses_is_a_400_problem_not_a_500()
    {
        // The last line of defence for input no check caught (every route above is checked before it).
        var http = new DefaultHttpContext { RequestServices = app.Services, Request = { Path = "/api/fairs" }, Response = { Body = new MemoryStream() } };
        var handler = ActivatorUtilities.CreateInstance<ExceptionToProblem>(app.Services);
        var refused = new DbUpdateException("saving", new PostgresException("value too long for type character varying(10)", "ERROR", "ERROR", "22001"));

        Assert.True(await handler.TryHandleAsync(http, refused, CancellationToken.None));

        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
        var problem = JsonNode.Parse(Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray()))!;
        Assert.Equal("invalid_value", (string?)problem["code"]);
        Assert.Contains("value too long", (string?)problem["detail"], StringComparison.Ordinal);
    }

    /// <summary>The codes an operation's response of this status declares (<c>x-problem-codes</c>).</summary>
    private static HashSet<string> DeclaredCodes(JsonNode document, Operation operation, int status) =>
        document["paths"]![operation.Route]![operation.Method.ToLowerInvariant()]!["responses"]?[status.ToString(CultureInfo.InvariantCulture)]?["x-problem-codes"]
            ?.AsArray().Select(c => (string)c!).ToHashSet(StringComparer.Ordinal) ?? [];

    // ---- what is sent -----------------------------------------------------------------------

    private static readonly (string Value, Expect Expect)[] PathValues =
    [
        ("%01", Expect.ControlCharacter), ("%7F", Expect.ControlCharacter), ("%C2%85", Expect.ControlCharacter), ("a%0Ab", Expect.ControlCharacter),
        ("%00", Expect.RefusedByKestrel), ("%E2%80%AE", Expect.NoServerError), ("%FF%FE", Expect.NoServerError),
        ("..%2F..%2Fadmin", Expect.NoServerError), ("%ZZ", Expect.NoServerError), (new string('9', 300), Expect.NoServerError),
    ];

    private static readonly (string Value, Expect Expect)[] QueryValues =
    [
        ("%00", Expect.ControlCharacter), ("%01", Expect.ControlCharacter), ("a%0D%0Ab", Expect.ControlCharacter), ("%C2%9F", Expect.ControlCharacter),
        ("%FF", Expect.NoServerError), ("%ZZ", Expect.NoServerError), ("-1", Expect.NoServerError), ("2147483648", Expect.NoServerError),
        ("1e309", Expect.NoServerError), ("9999-12-31T23:59:59%2B14:00", Expect.NoServerError), ("", Expect.NoServerError),
        (new string('x', 3000), Expect.NoServerError),
    ];

    private static IEnumerable<(string Json, Expect Expect)> BodyValues(Field field)
    {
        var common = new[] { ("null", Expect.NoServerError), ("{}", Expect.NoServerError) };
        var values = (field.Type, field.Format) switch
        {
            ("string", "date-time") =>
            [
                ("\"9999-12-31T23:59:59+14:00\"", Expect.BadRequest), ("\"0001-01-01T00:00:00-14:00\"", Expect.BadRequest),
                ("\"1899-12-31T23:59:59Z\"", Expect.BadRequest), ("\"2200-01-01T00:00:00Z\"", Expect.BadRequest),
                ("\"2020-02-30T25:61:00+08:00\"", Expect.NoServerError), ("\"\"", Expect.NoServerError), ("0", Expect.NoServerError),
            ],
            ("string", "uuid") =>
            [
                ("\"\\u0000\"", Expect.NoServerError), ("\"00000000-0000-0000-0000-000000000000\"", Expect.NoServerError),
                ("\"not-a-guid\"", Expect.NoServerError), ($"\"{Guid.NewGuid()}\"", Expect.NoServerError),
            ],
            ("string", _) =>
            [
                ("\"a\\u0000b\"", Expect.ControlCharacter), ("\"\\u0001\"", Expect.ControlCharacter), ("\"\\u001b[2J\"", Expect.ControlCharacter),
                ("\"\\u0085\"", Expect.ControlCharacter), ("\"\\ud800\"", Expect.BadRequest), ("\"\\u202e\"", Expect.NoServerError),
                ($"\"{new string('长', 30_000)}\"", Expect.NoServerError), ("\"\"", Expect.NoServerError), ("123", Expect.NoServerError),
            ],
            ("integer" or "number", _) =>
            [
                ("2147483648", Expect.NoServerError), ("-2147483649", Expect.NoServerError), ("9223372036854775808", Expect.NoServerError),
                ("-1", Expect.NoServerError), ("0", Expect.NoServerError), ("1.5", Expect.NoServerError), ("1e3", Expect.NoServerError),
                ("\"7\"", Expect.NoServerError),
            ],
            ("boolean", _) => [("\"true\"", Expect.NoServerError), ("0", Expect.NoServerError)],
            ("array", _) =>
            [
                ("[]", Expect.NoServerError), ("[null]", Expect.NoServerError), ("\"x\"", Expect.NoServerError),
                ("[" + string.Join(',', Enumerable.Repeat(ItemJson(field), 5000)) + "]", Expect.NoServerError),
            ],
            _ => new[] { ("[]", Expect.NoServerError), ("\"x\"", Expect.NoServerError) },
        };
        return values.Concat(common);
    }

    /// <summary>Bodies of the other kinds the server reads (forms, CSV), sent where JSON is expected.</summary>
    private static readonly (string Body, string ContentType, Expect Expect)[] OtherBodies =
    [
        ("title=%E6%B5%8B&x=1", "application/x-www-form-urlencoded", Expect.NoServerError),
        ("title=a%01b", "application/x-www-form-urlencoded", Expect.ControlCharacter),
        ("title=a%00b", "application/x-www-form-urlencoded", Expect.NoServerError), // the form reader itself refuses a NUL
        ("studentNo,name\nS1,a\u0000b\n", "text/csv", Expect.NoServerError),
    ];

    private static readonly string[] WholeBodies =
        ["", "{", "null", "[]", "\"x\"", "[" + new string('[', 5000) + "]", string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 300)];

    /// <summary>All times of the body moved together near year 9999, and near year 1 (kept in order, so a window stays a window).</summary>
    private static IEnumerable<(string Body, string What)> AllTimesFarOff(JsonObject baseline, IReadOnlyList<Field> fields)
    {
        var times = fields.Where(f => f.Format == "date-time" && Read(baseline, f.Path) is JsonValue).ToList();
        if (times.Count < 2) yield break;
        var values = times.Select(f => DateTimeOffset.Parse((string)Read(baseline, f.Path)!, CultureInfo.InvariantCulture)).ToList();
        var earliest = values.Min();
        foreach (var anchor in new[] { new DateTimeOffset(9999, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(1, 1, 2, 0, 0, 0, TimeSpan.Zero) })
        {
            var body = baseline.DeepClone().AsObject();
            for (var i = 0; i < times.Count; i++)
                Write(body, times[i].Path, JsonValue.Create((anchor + (values[i] - earliest)).ToString("O", CultureInfo.InvariantCulture)));
            yield return (body.ToJsonString(), $"every time near year {anchor.Year}");
        }
    }

    // ---- how it is judged -------------------------------------------------------------------

    private static int Rank(int status) => status switch
    {
        >= 200 and < 300 => 0,
        400 or 409 or 415 or 422 => 1,
        404 => 2,
        403 => 3,
        _ => 4,
    };

    private static string? Judge(Outcome o)
    {
        if (o.Status >= 500) return $"{o.Status} {Truncate(o.Text, 300)}";
        var problem = o.MediaType == "application/problem+json";
        if (o.Status >= 400 && !problem && o.Text.Length > 0) return $"{o.Status} answered as {o.MediaType}: {Truncate(o.Text, 200)}";
        if (o.Status >= 400 && o.Text.Length == 0 && o.Attempt.Expect != Expect.RefusedByKestrel && o.Status is not (413 or 414 or 431))
            return $"{o.Status} without a problem body";
        // An authorization policy may turn the caller away before the request is read at all.
        var turnedAway = o.Status is 401 or 403 && o.Code is "unauthenticated" or "forbidden";
        return o.Attempt.Expect switch
        {
            Expect.ControlCharacter when !(o.Status == 400 && o.Code == "control_character") && !turnedAway =>
                $"expected 400 control_character, got {o.Status} {o.Code} {Truncate(o.Text, 200)}",
            Expect.BadRequest when o.Status != 400 && !turnedAway => $"expected 400, got {o.Status} {Truncate(o.Text, 200)}",
            Expect.RefusedByKestrel when o.Status != 400 => $"expected Kestrel's 400, got {o.Status}",
            _ => null,
        };
    }

    private static async Task<Outcome> SendAsync(World world, Attempt attempt)
    {
        using var request = new HttpRequestMessage(new HttpMethod(attempt.Method), new Uri(attempt.Url, UriKind.Relative));
        if (attempt.Body is not null) request.Content = new StringContent(attempt.Body, Encoding.UTF8, attempt.ContentType);
        using var response = await world.Callers.Single(c => c.Name == attempt.Caller).Api.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        string? code = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
            code = (string?)JsonNode.Parse(text)?["code"];
        return new Outcome(attempt, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, code, text);
    }

    private static string Truncate(string s, int length) => s.Length <= length ? s : s[..length] + "…";
}
