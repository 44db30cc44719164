namespace JobFair.Server.Features.Applications;

/// <summary>The Applications routes; each slice maps its own route with its policy and refusals.</summary>
internal static class ApplicationsApi
{
    public static void MapApplications(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Applications");
        Apply.Map(api);
        ChangeApplicationStatus.Map(api);
        InviteToInterview.Map(api);
        ListApplications.Map(api);
        GetApplication.Map(api);
    }
}
