namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>Pushes of positions by major (推送专业对口岗位): routes, consumers' helpers and the daily release.</summary>
internal static class PushesApi
{
    public static IServiceCollection AddPushes(this IServiceCollection services)
    {
        services.AddScoped<PushReleaser>();
        services.AddSingleton<DailyPushRelease>();
        return services.AddHostedService(sp => sp.GetRequiredService<DailyPushRelease>());
    }

    public static void MapPushes(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Guidance");
        ListRecommendations.Map(api);
        OpenRecommendation.Map(api);
        GetPushSettings.Map(api);
        ChangePushSettings.Map(api);
        CountPushes.Map(api);
        ListMajors.Map(api);
    }
}
