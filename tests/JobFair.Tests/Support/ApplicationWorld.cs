using System.Net;

namespace JobFair.Tests.Support;

/// <summary>A published fair of the first pair with an approved employer and one open position.</summary>
public sealed record FairScene(Api Host, Guid FairId, Guid SupportedId, Guid SupportingId, Api Recruiter, Guid EmployerId, Guid PositionId);

public static class ApplicationWorld
{
    /// <summary>The fair starts in an hour, or <paramref name="startHours"/> from now (negative: it has begun).</summary>
    public static async Task<FairScene> FairSceneAsync(this JobFairApp app, string title = "Java 开发工程师", double startHours = 1)
    {
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        var host = await app.CentreAsync(supported);
        var fairId = await host.CreateFairAsync(pairId, startHours: startHours);
        var (recruiter, employerId) = await app.RecruiterAsync();
        await host.ApproveAsync(recruiter, fairId, employerId);
        var positionId = await recruiter.PostPositionAsync(FairWorld.PositionBody([fairId], title));
        return new FairScene(host, fairId, supported, supporting, recruiter, employerId, positionId);
    }

    /// <summary>A student of the fair's supported university with a resume.</summary>
    public static async Task<(Api Student, Guid StudentId, Guid ResumeId)> ApplicantAsync(this JobFairApp app, FairScene scene, string name = "张三", string major = "计算机科学与技术")
    {
        var (student, studentId) = await app.StudentAsync(scene.SupportedId, scene.Host, name, major);
        return (student, studentId, await student.UploadResumeAsync());
    }

    public static Task<HttpResponseMessage> ApplyAsync(this Api student, FairScene scene, Guid resumeId, Guid? positionId = null) =>
        student.PostAsync("/api/applications", new { positionId = positionId ?? scene.PositionId, fairId = scene.FairId, resumeId });

    public static async Task<Guid> AppliedAsync(this Api student, FairScene scene, Guid resumeId, Guid? positionId = null) =>
        Guid.Parse((string)(await Api.Expect(await student.ApplyAsync(scene, resumeId, positionId), HttpStatusCode.Created))["id"]!);

    public static Task<HttpResponseMessage> SetStatusAsync(this Api caller, Guid applicationId, string status) =>
        caller.PostAsync($"/api/applications/{applicationId}/status", new { status, note = "test" });
}
