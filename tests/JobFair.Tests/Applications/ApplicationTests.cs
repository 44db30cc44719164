using System.Net;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Applications;

public sealed class ApplicationTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task A_host_student_applies_and_the_employer_sees_who_without_the_phone()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene, "李雷");

        var created = await Api.Expect(await student.ApplyAsync(scene, resume), HttpStatusCode.Created);
        Assert.Equal("submitted", (string?)created["status"]);

        var received = Assert.Single((await scene.Recruiter.GetJsonAsync("/api/employers/me/applications")).Items())!;
        Assert.Equal("李雷", (string?)received["student"]!["name"]);
        Assert.Equal("武汉东湖学院", (string?)received["student"]!["university"]);
        Assert.Equal("计算机科学与技术", (string?)received["student"]!["major"]);
        Assert.Equal("bachelor", (string?)received["student"]!["degree"]);
        Assert.DoesNotContain("13800138000", received.ToJsonString(), StringComparison.Ordinal);
        Assert.Single((await student.GetJsonAsync("/api/students/me/applications")).Items());

        // The recruiter may now read the delivered resume; the read shows in the student's log.
        var file = await scene.Recruiter.GetAsync($"/api/resumes/{resume}/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var read = Assert.Single((await student.GetJsonAsync("/api/students/me/resume-access")).Items())!;
        Assert.NotNull((string?)read["reader"]!["employer"]);
    }

    [Fact]
    public async Task Applying_twice_is_409_and_racing_duplicates_leave_exactly_one()
    {
        var scene = await app.FairSceneAsync();
        var (student, studentId, resume) = await app.ApplicantAsync(scene);

        var racing = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => student.ApplyAsync(scene, resume)));
        Assert.Single(racing, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var r in racing.Where(r => r.StatusCode != HttpStatusCode.Created))
            await Api.ExpectProblem(r, HttpStatusCode.Conflict, "already_applied");
        Assert.Equal(1, await app.WithDb(db => db.Applications.CountAsync(a => a.StudentId == studentId)));
    }

    [Fact]
    public async Task The_same_Idempotency_Key_replays_the_first_answer_and_a_new_body_is_422()
    {
        var scene = await app.FairSceneAsync();
        var (student, studentId, resume) = await app.ApplicantAsync(scene);
        var other = await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "测试工程师"));
        student.Http.DefaultRequestHeaders.Add("Idempotency-Key", "apply-" + Guid.NewGuid());

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => student.ApplyAsync(scene, resume)));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(bodies.Distinct());
        await Api.ExpectProblem(await student.ApplyAsync(scene, resume, other), (HttpStatusCode)422, "idempotency_key_reused");
        Assert.Equal(1, await app.WithDb(db => db.Applications.CountAsync(a => a.StudentId == studentId)));
    }

    [Fact]
    public async Task Only_students_of_the_host_universities_apply_with_their_own_resume_to_open_positions_in_open_fairs()
    {
        var scene = await app.FairSceneAsync();
        var (student, studentId, resume) = await app.ApplicantAsync(scene);
        var (outsider, _) = await app.StudentAsync(await app.UniversityIdAsync("厦门大学"));
        var outsiderResume = await outsider.UploadResumeAsync();
        var (classmate, _, classmateResume) = await app.ApplicantAsync(scene, "韩梅梅");
        var (elsewhereRecruiter, elsewhereEmployer) = await app.RecruiterAsync();
        var (pairId, _, _) = await app.FirstPairAsync();
        var otherFair = await scene.Host.CreateFairAsync(pairId, "另一场");
        await scene.Host.ApproveAsync(elsewhereRecruiter, otherFair, elsewhereEmployer);
        var notInFair = await elsewhereRecruiter.PostPositionAsync(FairWorld.PositionBody([otherFair]));
        var closedPosition = await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "已关闭"));
        await Api.Expect(await scene.Recruiter.PostAsync($"/api/positions/{closedPosition}/close", null), HttpStatusCode.OK);

        await Api.ExpectProblem(await outsider.PostAsync("/api/applications", new { positionId = scene.PositionId, fairId = scene.FairId, resumeId = outsiderResume }),
            HttpStatusCode.Forbidden, "not_host_student");
        await Api.ExpectProblem(await student.ApplyAsync(scene, classmateResume), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await student.ApplyAsync(scene, resume, notInFair), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await student.ApplyAsync(scene, resume, closedPosition), HttpStatusCode.Conflict, "position_closed");
        await Api.ExpectProblem(await scene.Recruiter.ApplyAsync(scene, resume), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await app.Anonymous().ApplyAsync(scene, resume), HttpStatusCode.Unauthorized);

        await Api.Expect(await scene.Host.PostAsync($"/api/fairs/{scene.FairId}/close", null), HttpStatusCode.OK);
        await Api.ExpectProblem(await student.ApplyAsync(scene, resume), HttpStatusCode.Conflict, "fair_closed");
        Assert.Equal(0, await app.WithDb(db => db.Applications.CountAsync(a => a.StudentId == studentId)));
        Assert.NotNull(classmate);
    }

    [Fact]
    public async Task Deleting_a_resume_after_delivery_does_not_change_what_the_employer_received()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene);
        await student.AppliedAsync(scene, resume);
        var before = await (await scene.Recruiter.GetAsync($"/api/resumes/{resume}/file")).Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await student.Http.DeleteAsync(new Uri($"/api/students/me/resumes/{resume}", UriKind.Relative))).StatusCode);

        Assert.Equal(0, (int)(await student.GetJsonAsync("/api/students/me/resumes"))["total"]!);
        var after = await scene.Recruiter.GetAsync($"/api/resumes/{resume}/file");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(before, await after.Content.ReadAsByteArrayAsync());
        var item = Assert.Single((await scene.Recruiter.GetJsonAsync("/api/employers/me/applications")).Items())!;
        Assert.Equal("我的简历", (string?)item["resumeTitle"]);
    }
}
