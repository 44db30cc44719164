namespace JobFair.Server.Features.Employers;

/// <summary>The Employers routes; each slice maps its own route with its policy and refusals.</summary>
internal static class EmployersApi
{
    public static void MapEmployers(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Employers");
        RegisterEmployer.Map(api);
        InviteRecruiter.Map(api);
        AcceptRecruiterInvitation.Map(api);
        GetMyEmployer.Map(api);
        GetEmployer.Map(api);
        CheckCreditCode.Map(api);
        ListEmployersForAdmin.Map(api);
        GetEmployerForAdmin.Map(api);
        SuspendEmployer.Map(api);
        ReinstateEmployer.Map(api);
        TransferEmployer.Map(api);
    }
}
