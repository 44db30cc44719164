using System.Net;
using JobFair.Server.Features.Interviews;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace JobFair.Tests.Students;

/// <summary>A centre undoes a claim that was not the graduate's (issue 11, item 2).</summary>
public sealed class ClaimReleaseTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private static async Task<string> StudentNoAsync(Api student) => (string)(await student.GetJsonAsync("/api/students/me"))["studentNo"]!;

    private static Task<HttpResponseMessage> ReleaseAsync(Api centre, Guid university, string studentNo, string? reason = "本人投诉：学号被他人认领") =>
        centre.PostAsync($"/api/universities/{university}/roster/{studentNo}/release", new { reason });

    [Fact]
    public async Task A_released_claim_withdraws_the_accounts_applications_and_the_graduate_starts_clean()
    {
        var scene = await app.FairSceneAsync();
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 1));
        var squatter = await app.InviteeAsync(scene, "韩梅梅");
        var booking = await squatter.BookedAsync(slots[0]);
        var other = await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "测试工程师"));
        var resume = (await squatter.Student.GetJsonAsync("/api/students/me/resumes")).Items()[0]!["id"]!.ToString();
        var pending = await squatter.Student.AppliedAsync(scene, Guid.Parse(resume), other);
        var no = await StudentNoAsync(squatter.Student);

        var released = await Api.Expect(await ReleaseAsync(scene.Host, scene.SupportedId, no), HttpStatusCode.OK);

        Assert.Equal(no, (string?)released["studentNo"]);
        Assert.Equal(2, (int)released["withdrawnApplications"]!);
        // The employer sees both applications withdrawn and the interview seat free again.
        var applications = await scene.Recruiter.GetJsonAsync("/api/employers/me/applications");
        Assert.All(applications.Items().Where(a => (string?)a!["id"] == squatter.ApplicationId.ToString() || (string?)a!["id"] == pending.ToString()),
            a => Assert.Equal("withdrawn", (string?)a!["status"]));
        Assert.Equal(BookingStatus.Cancelled, await app.WithDb(db => db.InterviewBookings.Where(b => b.Id == Guid.Parse((string)booking["id"]!))
            .Select(b => b.Status).SingleAsync()));
        Assert.Equal(0, await app.WithDb(db => db.InterviewSlots.Where(s => s.Id == slots[0]).Select(s => s.Booked).SingleAsync()));
        // The account is no student any more, whatever its token still says.
        await Api.ExpectProblem(await squatter.Student.GetAsync("/api/students/me"), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await squatter.Student.UploadAsync(Pdfs.Make()), HttpStatusCode.Forbidden, "not_student");
        await Api.ExpectProblem(await squatter.Student.ApplyAsync(scene, Guid.Parse(resume)), HttpStatusCode.Forbidden, "not_student");
        await squatter.Student.RefreshAsync();
        Assert.Empty((await squatter.Student.GetJsonAsync("/api/me"))["roles"]!.AsArray());
        var audit = await app.WithDb(db => db.AuditEntries.SingleAsync(a => a.Action == "claim_released" && a.Detail!.Contains(no)));
        Assert.Equal("centre", audit.ActorRole);
        Assert.Contains("本人投诉", audit.Detail, StringComparison.Ordinal);

        // The graduate claims with a new code and finds nothing of the squatter's; they may apply where the squatter did.
        var code = (string)(await Api.Expect(await scene.Host.PostAsync($"/api/universities/{scene.SupportedId}/roster/{no}/activation-code", null),
            HttpStatusCode.Created))["code"]!;
        using var graduate = await app.RegisterAsync();
        await Api.Expect(await graduate.ClaimAsync(scene.SupportedId, no, "韩梅梅", code), HttpStatusCode.OK);
        await graduate.RefreshAsync();
        Assert.Equal(0, (int)(await graduate.GetJsonAsync("/api/students/me/applications"))["total"]!);
        Assert.Equal(0, (int)(await graduate.GetJsonAsync("/api/students/me/resumes"))["total"]!);
        await graduate.AppliedAsync(scene, await graduate.UploadResumeAsync());
    }

    [Fact]
    public async Task Only_that_universitys_centre_releases_and_only_a_claimed_row()
    {
        var university = await app.UniversityIdAsync("武汉东湖学院");
        using var centre = await app.CentreAsync(university);
        using var other = await app.CentreAsync(await app.UniversityIdAsync("南京大学"));
        var (student, _) = await app.StudentAsync(university, centre, "李四");
        var no = await StudentNoAsync(student);
        var unclaimed = StudentWorld.NewStudentNo();
        await centre.ImportRosterCodesAsync(university, $"{StudentWorld.RosterHeader}\n{unclaimed},王五,会计学,bachelor,2020\n");

        await Api.ExpectProblem(await ReleaseAsync(other, university, no), HttpStatusCode.Forbidden, "not_own_university");
        await Api.ExpectProblem(await ReleaseAsync(student, university, no), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await ReleaseAsync(centre, university, no, reason: null), HttpStatusCode.BadRequest);
        await Api.ExpectProblem(await ReleaseAsync(centre, university, unclaimed), HttpStatusCode.Conflict, "not_claimed");
        await Api.ExpectProblem(await ReleaseAsync(centre, university, "NOSUCH77"), HttpStatusCode.NotFound);
        Assert.Equal(no, await StudentNoAsync(student));

        await Api.Expect(await ReleaseAsync(centre, university, no), HttpStatusCode.OK);
        await Api.ExpectProblem(await ReleaseAsync(centre, university, no), HttpStatusCode.Conflict, "not_claimed");
    }

    [Fact]
    public async Task An_application_racing_a_release_waits_for_it_and_is_refused()
    {
        var scene = await app.FairSceneAsync();
        var (student, studentId, resume) = await app.ApplicantAsync(scene, "王磊");

        // A release in progress: it holds the row, then lets go of the claim and commits.
        await using var release = new NpgsqlConnection(app.ConnectionString);
        await release.OpenAsync();
        await using var tx = await release.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand($"SELECT 1 FROM students WHERE id = '{studentId}' FOR UPDATE", release, tx))
            await hold.ExecuteNonQueryAsync();
        var applying = student.ApplyAsync(scene, resume);
        // The application is queued behind the release's row lock (not merely slow): PostgreSQL says so.
        await using (var watch = new NpgsqlConnection(app.ConnectionString))
        {
            await watch.OpenAsync();
            await using var blocked = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND $1 = ANY(pg_blocking_pids(pid))", watch);
            blocked.Parameters.AddWithValue(release.ProcessID);
            await Eventually.True(async () => (long)(await blocked.ExecuteScalarAsync())! > 0, "the application to wait for the release's lock");
        }
        Assert.False(applying.IsCompleted);
        await using (var let = new NpgsqlCommand($"UPDATE students SET released_at = now(), user_id = NULL WHERE id = '{studentId}'", release, tx))
            await let.ExecuteNonQueryAsync();
        await tx.CommitAsync();

        await Api.ExpectProblem(await applying, HttpStatusCode.Forbidden, "not_student");
        Assert.Equal(0, await app.WithDb(db => db.Applications.CountAsync(a => a.StudentId == studentId)));
    }
}
