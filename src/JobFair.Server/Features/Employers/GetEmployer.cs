namespace JobFair.Server.Features.Employers;

/// <summary>Anyone reads an employer's public profile (without its credit code).</summary>
public sealed class GetEmployer(JobFairDb db) : IUseCase
{
    public sealed record Response(Guid Id, string Name, string Industry, string City, string Size);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/employers/{id:guid}", (Guid id, GetEmployer get, CancellationToken ct) => get.RunAsync(id, ct).ToOk())
            .AllowAnonymous()
            .Refuses(Refusal.NotFound("employer"))
            .WithSummary("An employer's public profile.");

    public async Task<Outcome<Response>> RunAsync(Guid id, CancellationToken ct) =>
        await db.Employers.AsNoTracking().Where(e => e.Id == id)
            .Select(e => new Response(e.Id, e.Name, e.Industry, e.City, e.Size)).SingleOrDefaultAsync(ct) is { } employer
            ? employer
            : Refusal.NotFound("employer");
}
