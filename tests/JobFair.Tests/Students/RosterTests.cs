using System.Net;
using System.Net.Http.Json;
using System.Text;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Students;

public sealed class RosterTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task A_centre_imports_thousands_of_graduates_and_bad_rows_are_reported_by_line()
    {
        var university = await app.UniversityIdAsync("荆州职业技术学院");
        using var centre = await app.CentreAsync(university);
        var csv = new StringBuilder(StudentWorld.RosterHeader + "\n");
        for (var i = 0; i < 4577; i++) csv.Append(CultureInfoInvariant($"JZ{i:00000},学生{i},机电一体化技术,专科,2020\n"));
        csv.Append("BAD ROW,名字,专业,bachelor,2020\n");         // line 4579: student number with a space
        csv.Append("JZ99999,名字,专业,phd,2020\n");              // line 4580: unknown degree
        csv.Append("JZ99998,名字,专业,bachelor,20x0\n");         // line 4581: bad year
        csv.Append("JZ00001,重复,专业,bachelor,2020\n");          // line 4582: duplicate in the file
        csv.Append("JZ99997,only,three\n");                      // line 4583: missing fields

        var result = await Api.Expect(await centre.ImportRosterAsync(university, csv.ToString()), HttpStatusCode.OK);

        Assert.Equal(4577, (int)result["imported"]!);
        Assert.Equal(0, (int)result["updated"]!);
        Assert.Equal([4579, 4580, 4581, 4582, 4583], result["rejected"]!.AsArray().Select(r => (int)r!["line"]!));
        Assert.All(result["rejected"]!.AsArray(), r => Assert.False(string.IsNullOrEmpty((string?)r!["reason"])));
        Assert.Equal(4577, await app.WithDb(db => db.Students.CountAsync(s => s.UniversityId == university)));

        var again = await Api.Expect(await centre.ImportRosterAsync(university,
            StudentWorld.RosterHeader + "\nJZ00000,学生0,数控技术,专科,2021\nJZ50000,新同学,数控技术,专科,2021\n"), HttpStatusCode.OK);
        Assert.Equal(1, (int)again["imported"]!);
        Assert.Equal(1, (int)again["updated"]!);
        Assert.Equal("数控技术", await app.WithDb(db => db.Students.Where(s => s.UniversityId == university && s.StudentNo == "JZ00000")
            .Select(s => s.Major).SingleAsync()));
    }

    [Fact]
    public async Task Only_a_centre_of_that_university_imports_and_bad_files_change_nothing()
    {
        var university = await app.UniversityIdAsync("武汉东湖学院");
        using var own = await app.CentreAsync(university);
        using var other = await app.CentreAsync(await app.UniversityIdAsync("南京大学"));
        using var user = await app.RegisterAsync();
        var csv = $"{StudentWorld.RosterHeader}\n{StudentWorld.NewStudentNo()},李四,会计学,bachelor,2020\n";
        var before = await app.WithDb(db => db.Students.CountAsync());

        await Api.ExpectProblem(await other.ImportRosterAsync(university, csv), HttpStatusCode.Forbidden, "not_own_university");
        await Api.ExpectProblem(await user.ImportRosterAsync(university, csv), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await app.Anonymous().ImportRosterAsync(university, csv), HttpStatusCode.Unauthorized);
        await Api.ExpectProblem(await own.ImportRosterAsync(university, "no,name\n1,x\n"), HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await own.Http.PostAsJsonAsync(new Uri($"/api/universities/{university}/roster", UriKind.Relative), new { csv }),
            HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        var latin1 = new ByteArrayContent([.. Encoding.UTF8.GetBytes(StudentWorld.RosterHeader + "\nA1,"), 0xC0, 0x20, .. Encoding.UTF8.GetBytes(",x,bachelor,2020\n")]);
        latin1.Headers.ContentType = new("text/csv");
        await Api.ExpectProblem(await own.Http.PostAsync(new Uri($"/api/universities/{university}/roster", UriKind.Relative), latin1), HttpStatusCode.BadRequest);

        Assert.Equal(before, await app.WithDb(db => db.Students.CountAsync()));
    }

    [Fact]
    public async Task A_user_becomes_a_student_by_claiming_their_row_once_with_its_code()
    {
        var university = await app.UniversityIdAsync("武汉东湖学院");
        using var centre = await app.CentreAsync(university);
        var no = StudentWorld.NewStudentNo();
        var codes = await centre.ImportRosterCodesAsync(university, $"{StudentWorld.RosterHeader}\n{no},王五,软件工程,bachelor,2020\n");
        using var student = await app.RegisterAsync();
        using var impostor = await app.RegisterAsync();

        await Api.ExpectProblem(await student.ClaimAsync(university, no, "王六", codes[no], "13912345678"), HttpStatusCode.Forbidden, "claim_refused");
        await Api.ExpectProblem(await student.ClaimAsync(university, "NOSUCH1", "王五", codes[no], "13912345678"), HttpStatusCode.Forbidden, "claim_refused");
        await Api.ExpectProblem(await student.ClaimAsync(university, no, "王五", null, "13912345678"), HttpStatusCode.BadRequest);
        // Lower case, spaces instead of the dash: the code as typed on a phone.
        var typed = codes[no].Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant();
        var profile = await Api.Expect(await student.ClaimAsync(university, no, "王五", typed, "13912345678"), HttpStatusCode.OK);
        Assert.Equal("软件工程", (string?)profile["major"]);
        Assert.Equal("13912345678", (string?)profile["phone"]);
        // The code is used up, and the row is taken: the impostor who saw it gets the one answer.
        await Api.ExpectProblem(await impostor.ClaimAsync(university, no, "王五", codes[no]), HttpStatusCode.Forbidden, "claim_refused");
        // The student updates their phone by claiming again, without a code.
        Assert.Equal("13900000000", (string?)(await Api.Expect(await student.ClaimAsync(university, no, "王五", null, "13900000000"),
            HttpStatusCode.OK))["phone"]);

        await student.RefreshAsync();
        var me = await student.GetJsonAsync("/api/me");
        Assert.Equal(["student"], me["roles"]!.AsArray().Select(r => (string?)r));
        Assert.Equal((string?)profile["id"], (string?)me["studentId"]);
        Assert.Empty((await impostor.GetJsonAsync("/api/me"))["roles"]!.AsArray());
    }

    [Fact]
    public async Task Racing_claims_of_one_row_have_one_winner()
    {
        var university = await app.UniversityIdAsync("武汉东湖学院");
        using var centre = await app.CentreAsync(university);
        var no = StudentWorld.NewStudentNo();
        var codes = await centre.ImportRosterCodesAsync(university, $"{StudentWorld.RosterHeader}\n{no},赵六,法学,bachelor,2020\n");
        var users = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.RegisterAsync()));

        var responses = await Task.WhenAll(users.Select(u => u.ClaimAsync(university, no, "赵六", codes[no], phone: null)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
    }

    private static string CultureInfoInvariant(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
