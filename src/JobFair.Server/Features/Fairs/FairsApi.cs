using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Fairs;

internal static class FairsApi
{
    /// <summary>Fairs and participation: what hosts, employers and visitors do at a fair.</summary>
    public static void MapFairs(this IEndpointRouteBuilder app)
    {
        var anyone = app.MapGroup("").WithTags("Fairs");
        var centres = app.MapGroup("").WithTags("Fairs").RequireAuthorization(p => p.RequireRole(Roles.Centre));
        var recruiters = app.MapGroup("").WithTags("Fairs").RequireAuthorization(p => p.RequireRole(Roles.Recruiter));
        FairQueries.Map(anyone);
        CreateFair.Map(centres);
        ChangeFair.Map(centres);
        Participations.Map(recruiters, centres);
    }
}
