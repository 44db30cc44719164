using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Students;
using JobFair.Server.Infrastructure;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JobFair.Tests.Students;

public sealed class ResumeTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task A_student_uploads_PDFs_and_only_a_real_PDF_under_5_MB_is_taken()
    {
        var university = await app.UniversityIdAsync("武汉东湖学院");
        var (student, studentId) = await app.StudentAsync(university);

        var created = await Api.Expect(await student.UploadAsync(Pdfs.Make("Zhang San"), "软件开发简历"), HttpStatusCode.Created);
        Assert.Equal("软件开发简历", (string?)created["title"]);
        Assert.True((int)created["size"]! > 100);

        await Api.ExpectProblem(await student.UploadAsync("<html>not a pdf</html>"u8.ToArray(), fileName: "cv.pdf"), HttpStatusCode.UnsupportedMediaType, "not_pdf");
        await Api.ExpectProblem(await student.UploadAsync([.. "%PDF-1.4\n"u8, .. new byte[500]], fileName: "broken.pdf"), HttpStatusCode.UnsupportedMediaType, "not_pdf");
        await Api.ExpectProblem(await student.UploadAsync(Pdfs.Make(padTo: 5 * 1024 * 1024 + 10)), HttpStatusCode.RequestEntityTooLarge, "too_large");
        var untitled = await Api.ExpectProblem(await student.UploadAsync(Pdfs.Make(), title: ""), HttpStatusCode.BadRequest);
        Assert.NotNull(untitled["errors"]!["title"]);

        var noBoundary = new StringContent("--x\r\n", System.Text.Encoding.UTF8);
        noBoundary.Headers.ContentType = new("multipart/form-data");
        await Api.ExpectProblem(await student.Http.PostAsync(new Uri("/api/students/me/resumes", UriKind.Relative), noBoundary), HttpStatusCode.BadRequest);

        Assert.Equal(1, await app.WithDb(db => db.Resumes.CountAsync(r => r.StudentId == studentId)));
        Assert.Equal(1, (int)(await student.GetJsonAsync("/api/students/me/resumes"))["total"]!);
    }

    [Fact]
    public async Task A_retried_upload_with_the_same_Idempotency_Key_stores_one_resume()
    {
        var university = await app.UniversityIdAsync("武汉东湖学院");
        var (student, studentId) = await app.StudentAsync(university);
        student.Http.DefaultRequestHeaders.Add("Idempotency-Key", "upload-" + Guid.NewGuid());
        var content = Pdfs.Make("retry");

        var first = await Api.Expect(await student.UploadAsync(content, "简历"), HttpStatusCode.Created);
        var retry = await Api.Expect(await student.UploadAsync(content, "简历"), HttpStatusCode.Created);
        await Api.ExpectProblem(await student.UploadAsync(Pdfs.Make("another file"), "简历"), (HttpStatusCode)422, "idempotency_key_reused");

        Assert.Equal((string?)first["id"], (string?)retry["id"]);
        Assert.Equal(1, await app.WithDb(db => db.Resumes.CountAsync(r => r.StudentId == studentId)));
    }

    [Fact]
    public async Task A_PDF_named_otherwise_is_still_a_PDF_and_is_served_as_an_attachment()
    {
        var university = await app.UniversityIdAsync("武汉东湖学院");
        var (student, _) = await app.StudentAsync(university);
        var content = Pdfs.Make("named oddly");

        var created = await Api.Expect(await student.UploadAsync(content, "简历", fileName: "cv.txt", contentType: "text/plain"), HttpStatusCode.Created);
        var file = await student.GetAsync($"/api/resumes/{(string)created["id"]!}/file");

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(content, await file.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Strangers_cannot_read_a_resume_and_every_read_is_shown_to_its_owner()
    {
        var university = await app.UniversityIdAsync("武汉东湖学院");
        using var centre = await app.CentreAsync(university);
        var (student, _) = await app.StudentAsync(university, centre);
        var (classmate, _) = await app.StudentAsync(university, centre);
        var resume = await student.UploadResumeAsync();
        using var otherCentre = await app.CentreAsync(await app.UniversityIdAsync("南京大学"));
        var (recruiter, _) = await app.RecruiterAsync();

        foreach (var stranger in new[] { classmate, otherCentre, recruiter })
            await Api.ExpectProblem(await stranger.GetAsync($"/api/resumes/{resume}/file"), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await app.Anonymous().GetAsync($"/api/resumes/{resume}/file"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await centre.GetAsync($"/api/resumes/{resume}/file")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await student.GetAsync($"/api/resumes/{resume}/file")).StatusCode);

        var log = await student.GetJsonAsync("/api/students/me/resume-access");
        Assert.Equal(2, (int)log["total"]!);
        var centreRead = log.Items().Single(i => (string?)i!["reader"]!["university"] == "武汉东湖学院")!;
        Assert.DoesNotContain("@", (string?)centreRead["reader"]!["name"], StringComparison.Ordinal);
        Assert.Equal(resume.ToString(), (string?)centreRead["resumeId"]);
        Assert.Equal(0, (int)(await classmate.GetJsonAsync("/api/students/me/resume-access"))["total"]!);
    }

    [Fact]
    public async Task A_page_uploads_through_the_same_use_case_without_HTTP_and_meets_the_same_refusals()
    {
        var university = await app.UniversityIdAsync("武汉东湖学院");
        var (student, studentId) = await app.StudentAsync(university);
        var (recruiter, _) = await app.RecruiterAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        var upload = scope.ServiceProvider.GetRequiredService<UploadResume>();
        var userId = await db.Students.Where(s => s.Id == studentId).Select(s => s.UserId!.Value).SingleAsync();
        var asStudent = CurrentUser.For(Principal(userId, "student"), db);
        var recruiterId = Guid.Parse((string)(await recruiter.GetJsonAsync("/api/me"))["userId"]!);
        byte[] html = "<html>not a pdf</html>"u8.ToArray(), pdf = Pdfs.Make("from a page");

        var notPdf = await upload.RunAsync(asStudent, new UploadResume.Request("简历", html.Length, new MemoryStream(html)), default);
        var untitled = await upload.RunAsync(asStudent, new UploadResume.Request(" ", pdf.Length, new MemoryStream(pdf)), default);
        var notStudent = await upload.RunAsync(CurrentUser.For(Principal(recruiterId, "recruiter"), db),
            new UploadResume.Request("简历", pdf.Length, new MemoryStream(pdf)), default);
        var taken = await upload.RunAsync(asStudent, new UploadResume.Request(" 页面上传的简历 ", pdf.Length, new MemoryStream(pdf)), default);

        Assert.Equal((415, "not_pdf"), (notPdf.Refusal!.Status, notPdf.Refusal.Code));
        Assert.Equal("title", untitled.Refusal!.Field);
        Assert.Equal((403, "not_student"), (notStudent.Refusal!.Status, notStudent.Refusal.Code));
        Assert.Null(taken.Refusal);
        var listed = Assert.Single((await student.GetJsonAsync("/api/students/me/resumes")).Items())!;
        Assert.Equal("页面上传的简历", (string?)listed["title"]);
        Assert.Equal(taken.Value.Id.ToString(), (string?)listed["id"]);
        Assert.Equal(pdf, await (await student.GetAsync($"/api/resumes/{taken.Value.Id}/file")).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_declares_each_resume_routes_policy_and_refusals()
    {
        using var api = app.Anonymous();
        var paths = (await api.GetJsonAsync("/openapi/v1.json"))["paths"]!;
        string[] Codes(JsonNode operation, string status) =>
            operation["responses"]![status]!["x-problem-codes"]!.AsArray().Select(c => (string)c!).ToArray();

        var upload = paths["/api/students/me/resumes"]!["post"]!;
        Assert.Equal(["too_large"], Codes(upload, "413"));
        Assert.Equal(["not_pdf"], Codes(upload, "415"));
        Assert.Contains("not_student", Codes(upload, "403"));
        Assert.Contains("unauthenticated", Codes(upload, "401"));
        Assert.Contains("unsupported_media_type", Codes(paths["/api/universities/{id}/roster"]!["post"]!, "415"));
        Assert.Contains("not_found", Codes(paths["/api/resumes/{id}/file"]!["get"]!, "404"));
        Assert.Contains("claim_refused", Codes(paths["/api/students/me"]!["put"]!, "403"));
        Assert.Contains("already_claimed", Codes(paths["/api/universities/{id}/roster/{studentNo}/activation-code"]!["post"]!, "409"));
    }

    private static ClaimsPrincipal Principal(Guid userId, string role) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, userId.ToString()), new Claim(ClaimTypes.Role, role)], "test"));
}
