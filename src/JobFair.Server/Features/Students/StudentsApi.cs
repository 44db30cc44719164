using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Students;

internal static class StudentsApi
{
    public static void MapStudents(this IEndpointRouteBuilder app)
    {
        var signedIn = app.MapGroup("").WithTags("Students").RequireAuthorization();
        var centres = app.MapGroup("").WithTags("Students").RequireAuthorization(p => p.RequireRole(Roles.Centre));
        ImportRoster.Map(centres);
        ClaimStudent.Map(signedIn);
        Resumes.Map(app.MapGroup("").WithTags("Students").RequireAuthorization(p => p.RequireRole(Roles.Student)), signedIn);
    }
}
