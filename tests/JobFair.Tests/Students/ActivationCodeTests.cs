using System.Net;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Students;

/// <summary>Knowing a classmate's student number and name is not enough to become them (issue 11, item 2).</summary>
public sealed class ActivationCodeTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private async Task<(Guid University, Api Centre, Dictionary<string, string> Codes, string[] Numbers)> RosterAsync(int rows = 2)
    {
        var university = await app.UniversityIdAsync("武汉东湖学院");
        var centre = await app.CentreAsync(university);
        var numbers = Enumerable.Range(0, rows).Select(_ => StudentWorld.NewStudentNo()).ToArray();
        var codes = await centre.ImportRosterCodesAsync(university,
            StudentWorld.RosterHeader + "\n" + string.Join("\n", numbers.Select((n, i) => $"{n},同学{i},软件工程,bachelor,2020")));
        return (university, centre, codes, numbers);
    }

    [Fact]
    public async Task The_import_answers_a_short_typeable_code_for_every_unclaimed_row_of_the_file()
    {
        var (university, centre, codes, numbers) = await RosterAsync(3);

        Assert.Equal(numbers.Order(), codes.Keys.Order());
        Assert.All(codes.Values, c => Assert.Matches("^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$", c));
        Assert.Equal(3, codes.Values.Distinct().Count());

        // A claimed row is left alone by the next import: it gets no code.
        using var student = await app.RegisterAsync();
        await Api.Expect(await student.ClaimAsync(university, numbers[0], "同学0", codes[numbers[0]]), HttpStatusCode.OK);
        var again = await centre.ImportRosterCodesAsync(university,
            StudentWorld.RosterHeader + "\n" + string.Join("\n", numbers.Select((n, i) => $"{n},同学{i},软件工程,bachelor,2020")));
        Assert.Equal(numbers.Skip(1).Order(), again.Keys.Order());
    }

    [Fact]
    public async Task Every_reason_a_claim_fails_gets_one_and_the_same_answer()
    {
        var (university, _, codes, numbers) = await RosterAsync();
        using var owner = await app.RegisterAsync();
        await Api.Expect(await owner.ClaimAsync(university, numbers[1], "同学1", codes[numbers[1]]), HttpStatusCode.OK);
        await app.WithDb(db => db.Database.ExecuteSqlAsync(
            $"UPDATE students SET activation_code_expires_at = now() - interval '1 second' WHERE student_no = {numbers[0]}"));
        var expired = codes[numbers[0]];
        var (_, _, fresh, freshNumbers) = await RosterAsync(1);
        using var squatter = await app.RegisterAsync();

        var answers = new List<string>();
        foreach (var attempt in new[]
                 {
                     (No: "NOSUCH" + numbers[0][6..], Name: "同学0", Code: fresh[freshNumbers[0]]), // unknown number
                     (No: freshNumbers[0], Name: "别人", Code: fresh[freshNumbers[0]]),            // another name
                     (No: freshNumbers[0], Name: "同学0", Code: "ABCD-EFGH"),                       // wrong code
                     (No: freshNumbers[0], Name: "同学0", Code: "not a code at all"),               // malformed code
                     (No: freshNumbers[0], Name: "同学0", Code: expired),                           // another row's code
                     (No: numbers[0], Name: "同学0", Code: expired),                                // expired code
                     (No: numbers[1], Name: "同学1", Code: codes[numbers[1]]),                       // row taken, code used
                 })
        {
            var body = await Api.ExpectProblem(await squatter.ClaimAsync(university, attempt.No, attempt.Name, attempt.Code),
                HttpStatusCode.Forbidden, "claim_refused");
            body.AsObject().Remove("traceId");
            answers.Add(body.ToJsonString());
        }

        Assert.Single(answers.Distinct());
        Assert.Empty((await squatter.GetJsonAsync("/api/me"))["roles"]!.AsArray());
        // The right details claim the fresh row.
        await Api.Expect(await squatter.ClaimAsync(university, freshNumbers[0], "同学0", fresh[freshNumbers[0]]), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_new_code_replaces_the_old_one_and_codes_are_kept_only_as_hashes()
    {
        var (university, centre, codes, numbers) = await RosterAsync();
        var no = numbers[0];

        var issued = await Api.Expect(await centre.PostAsync($"/api/universities/{university}/roster/{no}/activation-code", null),
            HttpStatusCode.Created);
        var code = (string)issued["code"]!;
        Assert.Equal(no, (string?)issued["studentNo"]);
        Assert.NotEqual(codes[no], code);
        var expiresAt = DateTimeOffset.Parse((string)issued["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromDays(29.9), TimeSpan.FromDays(30));

        // Nowhere in the row, the audit trail or any stored answer is a code readable again.
        foreach (var shown in new[] { codes[no], code, codes[numbers[1]] })
        {
            var plain = shown.Replace("-", "", StringComparison.Ordinal);
            Assert.Equal(0, await app.WithDb(db => db.Database.SqlQuery<int>($"""
                SELECT ((SELECT count(*) FROM students s WHERE s::text LIKE {'%' + plain + '%'} OR s::text LIKE {'%' + shown + '%'})
                      + (SELECT count(*) FROM audit_entries a WHERE a::text LIKE {'%' + plain + '%'} OR a::text LIKE {'%' + shown + '%'})
                      + (SELECT count(*) FROM idempotency_keys k WHERE k::text LIKE {'%' + shown + '%'}))::int AS "Value"
                """).SingleAsync()));
        }
        Assert.Equal(32, await app.WithDb(db => db.Students.Where(s => s.StudentNo == no).Select(s => s.ActivationCodeHash!.Length).SingleAsync()));

        using var student = await app.RegisterAsync();
        await Api.ExpectProblem(await student.ClaimAsync(university, no, "同学0", codes[no]), HttpStatusCode.Forbidden, "claim_refused");
        await Api.Expect(await student.ClaimAsync(university, no, "同学0", code), HttpStatusCode.OK);
        await Api.ExpectProblem(await centre.PostAsync($"/api/universities/{university}/roster/{no}/activation-code", null),
            HttpStatusCode.Conflict, "already_claimed");
        // Single use: the row holds no code any more.
        Assert.Null(await app.WithDb(db => db.Students.Where(s => s.StudentNo == no).Select(s => s.ActivationCodeHash).SingleAsync()));
        Assert.True(await app.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "activation_code_issued" && a.Detail!.Contains(no))));
    }

    [Fact]
    public async Task Only_a_centre_of_that_university_issues_codes()
    {
        var (university, centre, _, numbers) = await RosterAsync(1);
        using var other = await app.CentreAsync(await app.UniversityIdAsync("南京大学"));
        using var user = await app.RegisterAsync();
        var url = $"/api/universities/{university}/roster/{numbers[0]}/activation-code";

        await Api.ExpectProblem(await other.PostAsync(url, null), HttpStatusCode.Forbidden, "not_own_university");
        await Api.ExpectProblem(await user.PostAsync(url, null), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await app.Anonymous().PostAsync(url, null), HttpStatusCode.Unauthorized);
        await Api.ExpectProblem(await centre.PostAsync($"/api/universities/{university}/roster/NOSUCH42/activation-code", null),
            HttpStatusCode.NotFound);
    }
}
