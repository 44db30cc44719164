namespace JobFair.Server.Features.Fairs;

/// <summary>The Fairs routes: fairs and participation; each slice maps its own route with its policy and refusals.</summary>
internal static class FairsApi
{
    public static void MapFairs(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Fairs");
        ListFairs.Map(api);
        GetFair.Map(api);
        CreateFair.Map(api);
        EditFair.Map(api);
        PublishFair.Map(api);
        CloseFair.Map(api);
        AskToJoinFair.Map(api);
        InviteEmployerToFair.Map(api);
        AcceptFairInvitation.Map(api);
        DecideParticipation.Map(api);
        ListParticipations.Map(api);
        ListFairsForEmployer.Map(api);
    }
}
