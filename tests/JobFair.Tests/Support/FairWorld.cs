using System.Net;
using System.Text.Json.Nodes;

namespace JobFair.Tests.Support;

/// <summary>Employers, fairs and positions arranged through the public API.</summary>
public static class FairWorld
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>A fresh, valid unified social credit code (the algorithm is checked against real codes in EmployerTests).</summary>
    public static string NewCreditCode()
    {
        var body = "91" + string.Concat(Enumerable.Range(0, 15).Select(_ => Alphabet[Random.Shared.Next(Alphabet.Length)]));
        var sum = body.Select((c, i) => Alphabet.IndexOf(c, StringComparison.Ordinal) * Weights[i]).Sum();
        return body + Alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>A recruiter of a newly registered employer (token refreshed to carry the role).</summary>
    public static async Task<(Api Recruiter, Guid EmployerId)> RecruiterAsync(this JobFairApp app, string? name = null)
    {
        var api = await app.RegisterAsync(Callers.NewEmail("hr"));
        var employer = await Api.Expect(await api.PostAsync("/api/employers", new
        {
            name = name ?? "测试科技有限公司" + Guid.NewGuid().ToString("N")[..6],
            creditCode = NewCreditCode(), industry = "软件和信息技术服务业", city = "武汉", size = "100-499人",
        }), HttpStatusCode.Created);
        await api.RefreshAsync();
        return (api, Guid.Parse((string)employer["id"]!));
    }

    public static async Task RefreshAsync(this Api api) =>
        api.UseTokens(await Api.Expect(await api.PostAsync("/api/auth/refresh", new { refreshToken = api.RefreshToken }), HttpStatusCode.OK));

    /// <summary>Batch 2, seq 1: 武汉东湖学院 (supported) with 南京大学 (supporting).</summary>
    public static async Task<(Guid PairId, Guid Supported, Guid Supporting)> FirstPairAsync(this JobFairApp app)
    {
        using var api = app.Anonymous();
        var pair = (await api.GetJsonAsync("/api/pairs?batch=2&pageSize=1")).Items()[0]!;
        return (Guid.Parse((string)pair["id"]!), Guid.Parse((string)pair["supported"]!["id"]!), Guid.Parse((string)pair["supporting"]!["id"]!));
    }

    public static object FairBody(Guid pairId, string? title = null, double startHours = 1, double hours = 48) => new
    {
        pairId, title = title ?? "2026 春季云双选会", description = "线上联合双选会",
        startsAt = DateTimeOffset.UtcNow.AddHours(startHours), endsAt = DateTimeOffset.UtcNow.AddHours(startHours + hours),
    };

    public static async Task<Guid> CreateFairAsync(this Api centre, Guid pairId, string? title = null, bool publish = true,
        double startHours = 1)
    {
        var fair = await Api.Expect(await centre.PostAsync("/api/fairs", FairBody(pairId, title, startHours)), HttpStatusCode.Created);
        var id = Guid.Parse((string)fair["id"]!);
        if (publish) await Api.Expect(await centre.PostAsync($"/api/fairs/{id}/publish", null), HttpStatusCode.OK);
        return id;
    }

    /// <summary>The employer asks to join and a host approves it.</summary>
    public static async Task ApproveAsync(this Api centre, Api recruiter, Guid fairId, Guid employerId)
    {
        await Api.Expect(await recruiter.PostAsync($"/api/fairs/{fairId}/participations", new { message = "请审核" }), HttpStatusCode.Created);
        await Api.Expect(await centre.PostAsync($"/api/fairs/{fairId}/participations/{employerId}/decision", new { approve = true }), HttpStatusCode.OK);
    }

    public static object PositionBody(IEnumerable<Guid> fairIds, string title = "软件开发工程师", string description = "负责后端服务开发",
        string city = "武汉", string[]? majors = null, string degree = "bachelor", int openings = 5) => new
    {
        title, description, city, majors = majors ?? ["计算机科学与技术"], degree, openings, salaryMin = 8000, salaryMax = 15000,
        fairIds = fairIds.ToArray(),
    };

    public static async Task<Guid> PostPositionAsync(this Api recruiter, object body) =>
        Guid.Parse((string)(await Api.Expect(await recruiter.PostAsync("/api/positions", body), HttpStatusCode.Created))["id"]!);

    public static List<string?> Titles(this JsonNode page) => page.Items().Select(p => (string?)p!["title"]).ToList();
}
