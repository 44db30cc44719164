namespace JobFair.Server.Features.Guidance.Reminders;

/// <summary>No resume left unread: the reminder job and the host centres' views of who answers.</summary>
internal static class RemindersApi
{
    public static IServiceCollection AddReminders(this IServiceCollection services)
    {
        services.AddSingleton<UnreadReminder>();
        return services.AddHostedService(sp => sp.GetRequiredService<UnreadReminder>());
    }

    public static void MapReminders(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Guidance");
        ListOverdueApplications.Map(api);
        GetResponsiveness.Map(api);
        ListEmployerResponsiveness.Map(api);
    }
}
