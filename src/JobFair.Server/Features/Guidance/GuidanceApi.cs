namespace JobFair.Server.Features.Guidance;

/// <summary>The Guidance routes: counsellors and their pairs, the 一人一策 ledger, and pair reports.</summary>
internal static class GuidanceApi
{
    public static void MapGuidance(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Guidance");
        CreateCounsellor.Map(api);
        ListCounsellors.Map(api);
        GetMyCounsellor.Map(api);
        PairCounsellors.Map(api);
        ListCounsellorPairs.Map(api);
        AssignStudent.Map(api);
        UnassignStudent.Map(api);
        SetKeyGroups.Map(api);
        ListKeyGroups.Map(api);
        ListLedger.Map(api);
        ListPlanActions.Map(api);
        GetPlan.Map(api);
        AddPlanAction.Map(api);
        CompletePlanAction.Map(api);
        AddPlanNote.Map(api);
        LogContact.Map(api);
        AddAdvice.Map(api);
        GetPairReport.Map(api);
        GetGuidanceFigures.Map(api);
        Pages.GuidanceDownloads.Map(app);
    }
}
