using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace JobFair.Tests.Support;

/// <summary>Rosters and verified students, through the public API.</summary>
public static class StudentWorld
{
    public const string RosterHeader = "studentNo,name,major,degree,graduationYear";

    public static Task<HttpResponseMessage> ImportRosterAsync(this Api centre, Guid universityId, string csv) =>
        centre.Http.PostAsync(new Uri($"/api/universities/{universityId}/roster", UriKind.Relative),
            new StringContent(csv, Encoding.UTF8, "text/csv"));

    public static string NewStudentNo() => "S" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    /// <summary>Imports the roster and returns the one-time activation code of each unclaimed row of it, by student number.</summary>
    public static async Task<Dictionary<string, string>> ImportRosterCodesAsync(this Api centre, Guid universityId, string csv)
    {
        var result = await Api.Expect(await centre.ImportRosterAsync(universityId, csv), HttpStatusCode.OK);
        return result["activationCodes"]!.AsArray().ToDictionary(c => (string)c!["studentNo"]!, c => (string)c!["code"]!);
    }

    /// <summary>PUT /api/students/me: the caller claims the roster row with these details.</summary>
    public static Task<HttpResponseMessage> ClaimAsync(this Api who, Guid universityId, string studentNo, string name, string? code,
        string? phone = "13800138000") =>
        who.Http.PutAsJsonAsync(new Uri("/api/students/me", UriKind.Relative),
            new { universityId, studentNo, name, phone, activationCode = code });

    /// <summary>A verified student of the university (its centre puts them on the roster first).</summary>
    public static async Task<(Api Student, Guid StudentId)> StudentAsync(this JobFairApp app, Guid universityId, Api? centre = null,
        string name = "张三", string major = "计算机科学与技术")
    {
        var ownCentre = centre ?? await app.CentreAsync(universityId);
        var no = NewStudentNo();
        var codes = await ownCentre.ImportRosterCodesAsync(universityId, $"{RosterHeader}\n{no},{name},{major},bachelor,2020\n");
        if (centre is null) ownCentre.Dispose();
        var student = await app.RegisterAsync(Callers.NewEmail("student"));
        var profile = await Api.Expect(await student.ClaimAsync(universityId, no, name, codes[no]), HttpStatusCode.OK);
        await student.RefreshAsync();
        return (student, Guid.Parse((string)profile["id"]!));
    }
}
