using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Positions;

namespace JobFair.Server.Features.Fairs;

internal static class FairsApi
{
    /// <summary>Fairs, participation and positions: what hosts, employers and visitors do at a fair.</summary>
    public static void MapFairs(this IEndpointRouteBuilder app)
    {
        var anyone = app.MapGroup("").WithTags("Fairs");
        var centres = app.MapGroup("").WithTags("Fairs").RequireAuthorization(p => p.RequireRole(Roles.Centre));
        var recruiters = app.MapGroup("").WithTags("Fairs").RequireAuthorization(p => p.RequireRole(Roles.Recruiter));
        FairQueries.Map(anyone);
        CreateFair.Map(centres);
        ChangeFair.Map(centres);
        Participations.Map(recruiters, centres);

        var positions = app.MapGroup("").WithTags("Positions");
        var postingRecruiters = app.MapGroup("").WithTags("Positions").RequireAuthorization(p => p.RequireRole(Roles.Recruiter));
        PositionQueries.Map(positions, postingRecruiters);
        PostPosition.Map(postingRecruiters);
        ManagePosition.Map(postingRecruiters);
    }
}
