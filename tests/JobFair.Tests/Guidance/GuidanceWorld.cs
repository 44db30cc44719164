using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JobFair.Tests.Support;

namespace JobFair.Tests.Guidance;

/// <summary>Counsellors, counsellor pairs and ledgers, arranged through the public API.</summary>
public static class GuidanceWorld
{
    /// <summary>A major no other test uses, so that a counsellor's ledger holds exactly the graduates a test puts there.</summary>
    public static string NewMajor() => "测试专业" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A counsellor of the centre's university, created by the centre, signed in.</summary>
    public static async Task<(Api Counsellor, Guid CounsellorId)> CounsellorAsync(this JobFairApp app, Api centre, Guid universityId,
        string name = "李老师", params string[] majors)
    {
        var email = Callers.NewEmail("counsellor");
        var created = await Api.Expect(await centre.PostAsync($"/api/universities/{universityId}/counsellors",
            new { email, password = Callers.Password, name, department = "计算机学院", majors }), HttpStatusCode.Created);
        var counsellor = await new Api(app.CreateClient()) { Email = email }.SignInAsync();
        return (counsellor, Guid.Parse((string)created["id"]!));
    }

    /// <summary>Graduates on the roster (not claimed), found back through the centre's ledger; their ids in roster order.</summary>
    public static async Task<List<Guid>> GraduatesAsync(this Api centre, Guid universityId, string major, int count, string name = "王同学")
    {
        var numbers = Enumerable.Range(0, count).Select(_ => StudentWorld.NewStudentNo()).ToList();
        var csv = StudentWorld.RosterHeader + "\n" + string.Concat(numbers.Select((no, i) => $"{no},{name}{i},{major},bachelor,2020\n"));
        await Api.Expect(await centre.ImportRosterAsync(universityId, csv), HttpStatusCode.OK);
        var ids = new List<Guid>();
        foreach (var no in numbers)
            ids.Add(Guid.Parse((string)(await centre.GetJsonAsync($"/api/universities/{universityId}/ledger?q={no}")).Items().Single()!["studentId"]!));
        return ids;
    }

    public static async Task<Guid> PairCounsellorsAsync(this Api centre, Guid pairId, Guid supportedCounsellorId, Guid supportingCounsellorId) =>
        Guid.Parse((string)(await Api.Expect(await centre.PostAsync($"/api/pairs/{pairId}/counsellor-pairs",
            new { supportedCounsellorId, supportingCounsellorId }), HttpStatusCode.Created))["id"]!);

    public static async Task SetKeyGroupsAsync(this Api centre, Guid studentId, params string[] keyGroups) =>
        await Api.Expect(await centre.Http.PutAsJsonAsync(new Uri($"/api/students/{studentId}/key-groups", UriKind.Relative), new { keyGroups }),
            HttpStatusCode.OK);

    public static async Task<Guid> AddActionAsync(this Api counsellor, Guid studentId, DateTimeOffset dueAt, string text = "推荐三家对口企业") =>
        Guid.Parse((string)(await Api.Expect(await counsellor.PostAsync($"/api/students/{studentId}/plan/actions", new { text, dueAt }),
            HttpStatusCode.Created))["id"]!);

    public static async Task LogContactAsync(this Api counsellor, Guid studentId, DateTimeOffset at, string summary = "电话沟通求职意向") =>
        await Api.Expect(await counsellor.PostAsync($"/api/students/{studentId}/plan/contacts", new { at, channel = "phone", summary }),
            HttpStatusCode.Created);

    public static Task<JsonNode> LedgerAsync(this Api counsellor, string query = "") =>
        counsellor.GetJsonAsync("/api/counsellors/me/students?pageSize=100" + query);

    /// <summary>The graduates of a ledger page, in the order listed.</summary>
    public static List<Guid> StudentIds(this JsonNode page) => page.Items().Select(i => Guid.Parse((string)i!["studentId"]!)).ToList();

    /// <summary>The same graduates, in any order.</summary>
    public static void SameStudents(IEnumerable<Guid> expected, JsonNode page) => Assert.Equal(expected.Order(), page.StudentIds().Order());
}
