using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobFair.Faults;

internal sealed record SeededStudent(Guid StudentId, string Email, string AccessToken);

/// <summary>What the load needs: one published fair, one employer's recruiter with K positions in it, N students.</summary>
internal sealed record World(string BaseUrl, Guid FairId, Guid RecruiterUserId, IReadOnlyList<Guid> PositionIds,
    IReadOnlyList<SeededStudent> Students)
{
    public static World Read(string path) => JsonSerializer.Deserialize<World>(File.ReadAllText(path), Client.Json)!;
}

/// <summary>Builds the world through the public API only (behind nginx), before any fault.</summary>
internal static class Seeding
{
    // A made-up unified social credit code with a valid check character (each run has a fresh database).
    private const string CreditCode = "91420100FA0000001X";

    public static async Task<int> RunAsync(Options options)
    {
        var baseUrl = new Uri(options.Text("url"));
        var students = options.Number("students", 40);
        var positions = options.Number("positions", 3);
        var anyone = new Client(baseUrl);
        var run = Guid.NewGuid().ToString("N")[..8];
        var password = $"faults-{Guid.NewGuid():N}";
        Console.WriteLine($"seeding {students} students and {positions} positions through {baseUrl}");

        var admin = await LoginAsync(anyone, options.Text("admin-email"), options.Text("admin-password"));
        var pair = (await anyone.GetAsync("/api/pairs?batch=1&pageSize=1")).Expect(HttpStatusCode.OK, "a pair")["items"]![0]!;
        var pairId = (Guid)pair["id"]!;
        var universityId = (Guid)pair["supported"]!["id"]!;

        var centreEmail = $"centre-{run}@faults.jobfair.local";
        (await admin.Api.PostAsync("/api/admin/centre-staff", new { email = centreEmail, password, universityId }, $"centre-{run}"))
            .Expect(HttpStatusCode.Created, "the centre account");
        var centre = (await LoginAsync(anyone, centreEmail, password)).Api;
        var now = DateTimeOffset.UtcNow;
        var fairId = (Guid)(await centre.PostAsync("/api/fairs", new
        {
            pairId, title = $"故障演练双选会 {run}", description = "deploy/faults.sh", startsAt = now.AddMinutes(-10), endsAt = now.AddDays(2),
        }, $"fair-{run}")).Expect(HttpStatusCode.Created, "the fair")["id"]!;
        (await centre.PostAsync($"/api/fairs/{fairId}/publish", new { })).Expect(HttpStatusCode.OK, "publishing the fair");

        var hr = await RegisterAsync(anyone, $"hr-{run}@faults.jobfair.local", password);
        var employerId = (Guid)(await hr.Api.PostAsync("/api/employers", new
        {
            name = $"演练科技有限公司{run}", creditCode = CreditCode, industry = "软件和信息技术服务业", city = "武汉", size = "100-499人",
        }, $"employer-{run}")).Expect(HttpStatusCode.Created, "the employer")["id"]!;
        var recruiter = (await RefreshAsync(anyone, hr)).Api; // the token now carries the recruiter role
        var recruiterUserId = (Guid)(await recruiter.GetAsync("/api/me")).Expect(HttpStatusCode.OK, "the recruiter")["userId"]!;
        (await recruiter.PostAsync($"/api/fairs/{fairId}/participations", new { message = "演练" }, $"ask-{run}"))
            .Expect(HttpStatusCode.Created, "asking to join the fair");
        (await centre.PostAsync($"/api/fairs/{fairId}/participations/{employerId}/decision", new { approve = true }))
            .Expect(HttpStatusCode.OK, "approving the employer");
        var positionIds = new List<Guid>();
        for (var i = 0; i < positions; i++)
        {
            positionIds.Add((Guid)(await recruiter.PostAsync("/api/positions", new
            {
                title = $"演练岗位{i + 1}", description = "负责后端服务开发", city = "武汉", majors = new[] { "计算机科学与技术" }, degree = "bachelor",
                openings = 3, salaryMin = 8000, salaryMax = 15000, fairIds = new[] { fairId },
            }, $"position-{run}-{i}")).Expect(HttpStatusCode.Created, "a position")["id"]!);
        }

        var numbers = Enumerable.Range(1, students).Select(i => $"F{run}{i:D5}".ToUpperInvariant()).ToList();
        var roster = new StringBuilder("studentNo,name,major,degree,graduationYear\n");
        for (var i = 0; i < students; i++) roster.Append(CultureInfo.InvariantCulture, $"{numbers[i]},演练学生{i + 1},计算机科学与技术,bachelor,2020\n");
        var imported = (await centre.SendAsync(() => new StringContent(roster.ToString(), Encoding.UTF8, "text/csv"), HttpMethod.Post,
            $"/api/universities/{universityId}/roster", null)).Expect(HttpStatusCode.OK, "the roster");
        // Activation codes, where the platform issues them (api.md: a claim needs its row's current code).
        var codes = (imported["activationCodes"] as JsonArray ?? []).ToDictionary(c => (string)c!["studentNo"]!, c => (string?)c!["code"]);

        var seeded = new SeededStudent[students];
        await Parallel.ForEachAsync(Enumerable.Range(0, students), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var email = $"student-{run}-{i}@faults.jobfair.local";
            var student = await RegisterAsync(anyone, email, password);
            var profile = (await student.Api.SendAsync(() => System.Net.Http.Json.JsonContent.Create(new
            {
                universityId, studentNo = numbers[i], name = $"演练学生{i + 1}", major = "计算机科学与技术", degree = "bachelor",
                graduationYear = 2020, phone = "13800138000", activationCode = codes.GetValueOrDefault(numbers[i]),
            }, options: Client.Json), HttpMethod.Put, "/api/students/me", null)).Expect(HttpStatusCode.OK, "claiming a roster row");
            seeded[i] = new SeededStudent((Guid)profile["id"]!, email, (await RefreshAsync(anyone, student)).Token);
        });

        var world = new World(baseUrl.ToString(), fairId, recruiterUserId, positionIds, seeded);
        await File.WriteAllTextAsync(options.Text("state"), JsonSerializer.Serialize(world, Client.Json));
        Console.WriteLine($"seeded fair {fairId}: {students} students, {positions} positions");
        return 0;
    }

    /// <summary>A signed-in caller: its client, and its tokens.</summary>
    private sealed record Session(Client Api, string Token, string RefreshToken);

    private static async Task<Session> LoginAsync(Client anyone, string email, string password) =>
        Started(anyone, (await anyone.PostAsync("/api/auth/login", new { email, password })).Expect(HttpStatusCode.OK, $"signing in as {email}"));

    /// <summary>A new role shows in a refreshed token.</summary>
    private static async Task<Session> RefreshAsync(Client anyone, Session session) =>
        Started(anyone, (await anyone.PostAsync("/api/auth/refresh", new { refreshToken = session.RefreshToken }))
            .Expect(HttpStatusCode.OK, "refreshing a token"));

    private static Session Started(Client anyone, JsonNode tokens)
    {
        var token = (string)tokens["accessToken"]!;
        return new Session(anyone.As(token), token, (string)tokens["refreshToken"]!);
    }

    private static async Task<Session> RegisterAsync(Client anyone, string email, string password)
    {
        var registered = await anyone.PostAsync("/api/auth/register", new { email, password });
        // A retried registration whose first try went through is refused as a duplicate (400): signing in settles it.
        if (registered.Status != (int)HttpStatusCode.BadRequest) registered.Expect(HttpStatusCode.OK, $"registering {email}");
        return await LoginAsync(anyone, email, password);
    }
}
