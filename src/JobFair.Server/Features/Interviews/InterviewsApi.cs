using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Interviews;

internal static class InterviewsApi
{
    public static void MapInterviews(this IEndpointRouteBuilder app)
    {
        var signedIn = app.MapGroup("").WithTags("Interviews").RequireAuthorization();
        var students = app.MapGroup("").WithTags("Interviews").RequireAuthorization(p => p.RequireRole(Roles.Student));
        var recruiters = app.MapGroup("").WithTags("Interviews").RequireAuthorization(p => p.RequireRole(Roles.Recruiter));
        var centres = app.MapGroup("").WithTags("Interviews").RequireAuthorization(p => p.RequireRole(Roles.Centre));
        PublishSlots.Map(recruiters);
        SlotQueries.Map(signedIn);
        Book.Map(students);
        ChangeBooking.Map(signedIn, recruiters);
        BookingQueries.Map(signedIn, students, recruiters, centres);
        Calendar.Map(signedIn);
        Rooms.Map(signedIn);
    }
}
