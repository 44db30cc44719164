namespace JobFair.Server.Features.Positions;

/// <summary>The Positions routes; each slice maps its own route with its policy and refusals.</summary>
internal static class PositionsApi
{
    public static void MapPositions(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Positions");
        PostPosition.Map(api);
        EditPosition.Map(api);
        ClosePosition.Map(api);
        SharePositionIntoFair.Map(api);
        SearchFairPositions.Map(api);
        GetPosition.Map(api);
        ListMyPositions.Map(api);
    }
}
