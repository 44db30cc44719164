namespace JobFair.Server.Features.Positions;

/// <summary>
/// Anyone reads one posting, with the fairs it is shared into (postings are public, open or
/// closed; a suspended employer's are not found).
/// </summary>
public sealed class GetPosition(JobFairDb db, TimeProvider time) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/positions/{id:guid}", (Guid id, GetPosition get, CancellationToken ct) => get.RunAsync(id, ct).ToOk())
            .AllowAnonymous()
            .Refuses(PositionAccess.NotFound)
            .WithSummary("One position, with the fairs it is shared into.");

    public async Task<Outcome<PositionResponse>> RunAsync(Guid id, CancellationToken ct)
    {
        var position = await db.Positions.AsNoTracking().Listed(db).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (position is null) return PositionAccess.NotFound;
        return await PositionResponse.LoadAsync(db, position, time.GetUtcNow(), ct);
    }
}
