namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>The walk-up booths of fairs and their lines; each slice maps its own route with its policy and refusals.</summary>
internal static class BoothsApi
{
    public static IServiceCollection AddBoothQueues(this IServiceCollection services)
    {
        services.AddSingleton<CallExpiry>();
        services.AddHostedService(sp => sp.GetRequiredService<CallExpiry>());
        return services;
    }

    public static void MapBooths(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Booths");
        ListBooths.Map(api);
        GetBoothFigures.Map(api);
        SetBooth.Map(api);
        JoinLine.Map(api);
        LeaveLine.Map(api);
        GetLine.Map(api);
        CallNext.Map(api);
        SkipCalled.Map(api);
        FinishTalk.Map(api);
        EnterRoom.Map(api);
    }
}
