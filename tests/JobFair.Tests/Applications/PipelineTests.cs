using System.Net;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Applications;

public sealed class PipelineTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task An_application_goes_from_submitted_to_signed_and_every_step_is_recorded()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene);
        var id = await student.AppliedAsync(scene, resume);

        foreach (var status in new[] { "viewed", "shortlisted" })
            Assert.Equal(status, (string?)(await Api.Expect(await scene.Recruiter.SetStatusAsync(id, status), HttpStatusCode.OK))["status"]);
        var invited = await Api.Expect(await scene.Recruiter.PostAsync($"/api/applications/{id}/invite", new { message = "请参加视频面试" }), HttpStatusCode.OK);
        Assert.Equal("interview_invited", (string?)invited["status"]);
        await Api.Expect(await scene.Recruiter.SetStatusAsync(id, "offered"), HttpStatusCode.OK);
        var signed = await Api.Expect(await student.SetStatusAsync(id, "accepted"), HttpStatusCode.OK);

        Assert.Equal("signed", (string?)signed["status"]);
        var steps = await app.WithDb(db => db.ApplicationTransitions.Where(t => t.ApplicationId == id).OrderBy(t => t.At)
            .Select(t => t.FromStatus + ">" + t.ToStatus + ":" + t.ByRole).ToListAsync());
        Assert.Equal(["submitted>viewed:recruiter", "viewed>shortlisted:recruiter", "shortlisted>interview_invited:recruiter",
            "interview_invited>offered:recruiter", "offered>signed:student"], steps);
        var events = await app.WithDb(db => db.OutboxMessages
            .FromSql($"SELECT * FROM outbox_messages WHERE payload->>'applicationId' = {id.ToString()}")
            .CountAsync(m => m.Type.Contains("ApplicationStatusChanged")));
        Assert.Equal(5, events);
    }

    [Theory]
    [InlineData("recruiter", "offered")]      // submitted cannot jump to offered
    [InlineData("recruiter", "withdrawn")]    // the student's move
    [InlineData("recruiter", "signed")]
    [InlineData("student", "accepted")]       // nothing offered yet
    [InlineData("student", "viewed")]         // the recruiter's move
    [InlineData("student", "bogus")]
    public async Task Illegal_transitions_are_409_and_change_nothing(string who, string status)
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene);
        var id = await student.AppliedAsync(scene, resume);

        await Api.ExpectProblem(await (who == "recruiter" ? scene.Recruiter : student).SetStatusAsync(id, status), HttpStatusCode.Conflict, "illegal_transition");

        Assert.Equal("submitted", await app.WithDb(db => db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task Closed_applications_accept_nothing_more()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene);
        var rejected = await student.AppliedAsync(scene, resume);
        await Api.Expect(await scene.Recruiter.SetStatusAsync(rejected, "rejected"), HttpStatusCode.OK);

        await Api.ExpectProblem(await scene.Recruiter.SetStatusAsync(rejected, "shortlisted"), HttpStatusCode.Conflict, "illegal_transition");
        await Api.ExpectProblem(await student.SetStatusAsync(rejected, "withdrawn"), HttpStatusCode.Conflict, "illegal_transition");
        await Api.ExpectProblem(await scene.Recruiter.PostAsync($"/api/applications/{rejected}/invite", new { }), HttpStatusCode.Conflict, "illegal_transition");
    }

    [Fact]
    public async Task Signing_one_offer_withdraws_the_others_and_a_second_signature_is_impossible()
    {
        var scene = await app.FairSceneAsync();
        var (student, studentId, resume) = await app.ApplicantAsync(scene);
        var positions = new[] { scene.PositionId,
            await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "测试工程师")),
            await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "运维工程师")) };
        var ids = new List<Guid>();
        foreach (var position in positions)
        {
            var id = await student.AppliedAsync(scene, resume, position);
            await Api.Expect(await scene.Recruiter.SetStatusAsync(id, "shortlisted"), HttpStatusCode.OK);
            await Api.Expect(await scene.Recruiter.SetStatusAsync(id, "offered"), HttpStatusCode.OK);
            ids.Add(id);
        }

        var racing = await Task.WhenAll(ids.Select(id => student.SetStatusAsync(id, "accepted")));

        Assert.Single(racing, r => r.StatusCode == HttpStatusCode.OK);
        var statuses = await app.WithDb(db => db.Applications.Where(a => a.StudentId == studentId).Select(a => a.Status).ToListAsync());
        Assert.Equal(["signed", "withdrawn", "withdrawn"], statuses.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Nobody_else_sees_or_moves_an_application()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resume) = await app.ApplicantAsync(scene);
        var id = await student.AppliedAsync(scene, resume);
        var (otherRecruiter, _) = await app.RecruiterAsync();
        var (classmate, _) = await app.StudentAsync(scene.SupportedId, scene.Host);
        using var otherCentre = await app.CentreAsync(scene.SupportingId);

        await Api.ExpectProblem(await otherRecruiter.SetStatusAsync(id, "viewed"), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await otherRecruiter.PostAsync($"/api/applications/{id}/invite", new { }), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await classmate.SetStatusAsync(id, "withdrawn"), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await otherCentre.SetStatusAsync(id, "viewed"), HttpStatusCode.NotFound);
        Assert.Equal(0, (int)(await otherRecruiter.GetJsonAsync("/api/employers/me/applications"))["total"]!);
        Assert.Equal(0, (int)(await classmate.GetJsonAsync("/api/students/me/applications"))["total"]!);

        // Centres follow their own students only.
        Assert.Equal(1, (int)(await scene.Host.GetJsonAsync($"/api/universities/{scene.SupportedId}/applications?positionId={scene.PositionId}"))["total"]!);
        await Api.ExpectProblem(await otherCentre.GetAsync($"/api/universities/{scene.SupportedId}/applications"), HttpStatusCode.Forbidden, "not_own_university");
        Assert.Equal(0, (int)(await otherCentre.GetJsonAsync($"/api/universities/{scene.SupportingId}/applications?positionId={scene.PositionId}"))["total"]!);
    }
}
