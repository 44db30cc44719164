namespace JobFair.Server.Features.Guidance;

/// <summary>The key groups a centre may flag, with their labels (reference data; nobody's membership).</summary>
internal static class ListKeyGroups
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/key-groups", () => TypedResults.Ok(new Page<KeyGroups.KeyGroup>(KeyGroups.All, KeyGroups.All.Count)))
            .AllowAnonymous()
            .WithSummary("The key groups (重点群体) of the ledger: code, Chinese label, English label.");
}
