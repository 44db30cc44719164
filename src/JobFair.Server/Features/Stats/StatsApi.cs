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
    }

    /// <summary>
    /// Kept, as it was, for the callers outside Stats (GET /api/fairs/{id} in Fairs, the bench hub
    /// in Live), which are being reshaped in parallel: they should call <see cref="GetFairStats.LoadAsync"/>, and this goes.
    /// </summary>
    public static Task<FairStatsResponse> LoadAsync(JobFairDb db, Guid fairId, CancellationToken ct) => GetFairStats.LoadAsync(db, fairId, ct);
}
