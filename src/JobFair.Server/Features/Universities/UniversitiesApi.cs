namespace JobFair.Server.Features.Universities;

/// <summary>The Universities routes: universities, 一帮一 pairs and their joint work.</summary>
internal static class UniversitiesApi
{
    public static void MapUniversities(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Universities");
        ListUniversities.Map(api);
        ListPairs.Map(api);
        RecordPairActivity.Map(api);
        ListPairActivities.Map(api);
    }
}
