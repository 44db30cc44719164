using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Applications;

internal static class ApplicationsApi
{
    public static void MapApplications(this IEndpointRouteBuilder app)
    {
        var signedIn = app.MapGroup("").WithTags("Applications").RequireAuthorization();
        var students = app.MapGroup("").WithTags("Applications").RequireAuthorization(p => p.RequireRole(Roles.Student));
        var recruiters = app.MapGroup("").WithTags("Applications").RequireAuthorization(p => p.RequireRole(Roles.Recruiter));
        var centres = app.MapGroup("").WithTags("Applications").RequireAuthorization(p => p.RequireRole(Roles.Centre));
        Apply.Map(students);
        ChangeStatus.Map(signedIn, recruiters);
        ApplicationQueries.Map(students, recruiters, centres);
        Resumes.Map(students.MapGroup("").WithTags("Students"), signedIn.MapGroup("").WithTags("Students"));
    }
}
