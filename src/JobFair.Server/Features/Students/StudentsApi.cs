namespace JobFair.Server.Features.Students;

/// <summary>The Students routes (rosters, claims, resumes); each slice maps its own route with its policy and refusals.</summary>
internal static class StudentsApi
{
    public static void MapStudents(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Students");
        ImportRoster.Map(api);
        IssueActivationCode.Map(api);
        ReleaseClaim.Map(api);
        ListRoster.Map(api);
        ClaimStudent.Map(api);
        GetStudentProfile.Map(api);
        UploadResume.Map(api);
        ListMyResumes.Map(api);
        DeleteResume.Map(api);
        DownloadResume.Map(api);
        ListResumeAccess.Map(api);
        DownloadResume.MapForPeople(app); // outside /api: the PDF opened in the browser from a page
    }
}
