namespace JobFair.Server.Features.Accounts;

/// <summary>The Accounts routes; each slice maps its own route with its policy and refusals.</summary>
internal static class AccountsApi
{
    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Auth");
        IdentityEndpoints.Map(api);
        GetMe.Map(api);
        SetTimeZone.Map(api);
        CreateCentreStaff.Map(api);
    }
}
