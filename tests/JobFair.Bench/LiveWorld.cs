using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace JobFair.Bench;

/// <summary>A student who can apply: their bearer token and one resume.</summary>
internal sealed record Applicant(string Token, Guid ResumeId);

/// <summary>
/// Two published fairs of the first pair (the watched one, and one nobody watches, which takes the
/// applications while the bare hub is measured), an employer approved in both with positions shared
/// into both, verified students of a host university with resumes.
/// </summary>
internal sealed record LiveWorld(Guid FairId, Guid UnwatchedFairId, IReadOnlyList<Guid> PositionIds, IReadOnlyList<Applicant> Students)
{
    private const string Password = "bench-live-2020";

    /// <summary>
    /// Arranged through the public API only, as a pair of career centres, an employer and students
    /// would: a new fair every run, so its figures start from zero.
    /// </summary>
    public static async Task<LiveWorld> CreateAsync(HttpClient http, string adminEmail, string adminPassword, int positions, int students,
        CancellationToken ct)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var admin = await SignInAsync(http, adminEmail, adminPassword, ct);

        var pair = (await SendAsync(http, HttpMethod.Get, "/api/pairs?batch=2&pageSize=1", null, null, ct))["items"]![0]!;
        var (pairId, supported) = (Id(pair), Id(pair["supported"]!));

        var centreEmail = $"bench-centre-{run}@bench.jobfair.local";
        await SendAsync(http, HttpMethod.Post, "/api/admin/centre-staff", admin, new { email = centreEmail, password = Password, universityId = supported }, ct);
        var centre = await SignInAsync(http, centreEmail, Password, ct);
        var fairs = new List<Guid>();
        foreach (var title in new[] { $"直播压测双选会 {run}", $"直播压测双选会 {run}（无人观看）" })
        {
            var id = Id(await SendAsync(http, HttpMethod.Post, "/api/fairs", centre, new
            {
                pairId, title, description = "deploy/bench.sh live-fanout",
                startsAt = DateTimeOffset.UtcNow.AddMinutes(-5), endsAt = DateTimeOffset.UtcNow.AddDays(2),
            }, ct));
            await SendAsync(http, HttpMethod.Post, $"/api/fairs/{id}/publish", centre, null, ct);
            fairs.Add(id);
        }

        var recruiter = await RegisterAsync(http, $"bench-hr-{run}@bench.jobfair.local", ct);
        var employerId = Id(await SendAsync(http, HttpMethod.Post, "/api/employers", recruiter, new
        {
            name = $"压测科技有限公司{run}", creditCode = CreditCode(), industry = "软件和信息技术服务业", city = "武汉", size = "100-499人",
        }, ct));
        recruiter = await RefreshAsync(http, recruiter, ct);
        foreach (var fairId in fairs)
        {
            await SendAsync(http, HttpMethod.Post, $"/api/fairs/{fairId}/participations", recruiter, new { message = "压测" }, ct);
            await SendAsync(http, HttpMethod.Post, $"/api/fairs/{fairId}/participations/{employerId}/decision", centre, new { approve = true }, ct);
        }
        var positionIds = new List<Guid>();
        for (var i = 0; i < positions; i++)
        {
            positionIds.Add(Id(await SendAsync(http, HttpMethod.Post, "/api/positions", recruiter, new
            {
                title = $"软件开发工程师 {i + 1}", description = "负责后端服务开发", city = "武汉", majors = new[] { "计算机科学与技术" },
                degree = "bachelor", openings = 5, salaryMin = 8000, salaryMax = 15000, fairIds = fairs,
            }, ct)));
        }

        // One roster import for all; then each student registers, claims their row and uploads a resume.
        var numbers = Enumerable.Range(0, students).Select(i => $"B{run}{i:D5}".ToUpperInvariant()).ToList();
        var csv = new StringBuilder("studentNo,name,major,degree,graduationYear\n");
        foreach (var no in numbers) csv.Append(CultureInfo.InvariantCulture, $"{no},压测学生,计算机科学与技术,bachelor,2020\n");
        var imported = await SendAsync(http, HttpMethod.Post, $"/api/universities/{supported}/roster", centre,
            new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), ct);
        // The contract's one-time activation codes (api.md), once the server issues them; a claim without one is refused then.
        var codes = (imported["activationCodes"] as JsonArray ?? []).OfType<JsonNode>()
            .ToDictionary(c => (string)c["studentNo"]!, c => (string?)c["code"]);
        var applicants = new Applicant[students];
        await Parallel.ForEachAsync(Enumerable.Range(0, students), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (i, token) =>
            {
                var student = await RegisterAsync(http, $"bench-student-{run}-{i}@bench.jobfair.local", token);
                await SendAsync(http, HttpMethod.Put, "/api/students/me", student,
                    new { universityId = supported, studentNo = numbers[i], name = "压测学生", phone = "13800138000",
                          activationCode = codes.GetValueOrDefault(numbers[i]) }, token);
                student = await RefreshAsync(http, student, token);
                var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(Pdf());
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                form.Add(file, "file", "resume.pdf");
                form.Add(new StringContent("我的简历"), "title");
                applicants[i] = new Applicant(student.Access, Id(await SendAsync(http, HttpMethod.Post, "/api/students/me/resumes", student, form, token)));
            });
        return new LiveWorld(fairs[0], fairs[1], positionIds, applicants);
    }

    /// <summary>Application number <paramref name="k"/>: each student applies to each position at most once.</summary>
    public (Applicant Student, Guid PositionId) Application(int k) => (Students[k % Students.Count], PositionIds[k / Students.Count]);

    public async Task<HttpResponseMessage> ApplyAsync(HttpClient http, int k, Guid fairId, CancellationToken ct)
    {
        var (student, positionId) = Application(k);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/applications", UriKind.Relative))
        {
            Content = JsonContent.Create(new { positionId, fairId, resumeId = student.ResumeId }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", student.Token);
        return await http.SendAsync(request, ct);
    }

    private sealed record Tokens(string Access, string Refresh);

    private static async Task<Tokens> SignInAsync(HttpClient http, string email, string password, CancellationToken ct)
    {
        var tokens = await SendAsync(http, HttpMethod.Post, "/api/auth/login", null, new { email, password }, ct);
        return new Tokens((string)tokens["accessToken"]!, (string)tokens["refreshToken"]!);
    }

    private static async Task<Tokens> RegisterAsync(HttpClient http, string email, CancellationToken ct)
    {
        await SendAsync(http, HttpMethod.Post, "/api/auth/register", null, new { email, password = Password }, ct);
        return await SignInAsync(http, email, Password, ct);
    }

    /// <summary>A new access token carries the roles gained since signing in (recruiter, student).</summary>
    private static async Task<Tokens> RefreshAsync(HttpClient http, Tokens tokens, CancellationToken ct)
    {
        var fresh = await SendAsync(http, HttpMethod.Post, "/api/auth/refresh", null, new { refreshToken = tokens.Refresh }, ct);
        return new Tokens((string)fresh["accessToken"]!, (string)fresh["refreshToken"]!);
    }

    /// <summary>Sends a request as the caller (or nobody); a body that is not HttpContent goes as JSON. Anything but 2xx throws with the body.</summary>
    private static async Task<JsonNode> SendAsync(HttpClient http, HttpMethod method, string path, Tokens? caller, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = body as HttpContent ?? (body is null ? null : JsonContent.Create(body)),
        };
        if (caller is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", caller.Access);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{(int)response.StatusCode} from {method} {path}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    private static Guid Id(JsonNode node) => Guid.Parse((string)node["id"]!);

    /// <summary>A valid unified social credit code (GB 32100-2015): 17 characters, then the check character.</summary>
    private static string CreditCode()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var code = "91" + string.Concat(Enumerable.Range(0, 15).Select(_ => alphabet[Random.Shared.Next(alphabet.Length)]));
        var sum = 0;
        var weight = 1;
        foreach (var c in code)
        {
            sum += alphabet.IndexOf(c, StringComparison.Ordinal) * weight;
            weight = weight * 3 % 31;
        }
        return code + alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>The smallest file the server takes for a PDF: a header, one object, a cross-reference table, startxref, %%EOF.</summary>
    private static byte[] Pdf()
    {
        var head = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
        var xref = head.Length;
        return Encoding.ASCII.GetBytes(head + "xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n" +
                                       $"trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n{xref.ToString(CultureInfo.InvariantCulture)}\n%%EOF\n");
    }
}
