namespace JobFair.Server.Features.Stats;

/// <summary>The Statistics routes; each slice maps its own route with its policy and refusals.</summary>
internal static class StatsApi
{
    public static void MapStats(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Statistics");
        GetFairStats.Map(api);
        GetPairStats.Map(api);
        GetNationalStats.Map(api);
        Pages.StatsDownloads.Map(app);
    }
}
