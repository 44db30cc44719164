using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>Whether pushes reach the graduate, and since when.</summary>
public sealed record PushSettings(bool Muted, DateTimeOffset? UpdatedAt);

/// <summary>A graduate reads whether they muted pushes of positions by major (not muted until they say so).</summary>
public sealed class GetPushSettings(JobFairDb db) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/students/me/recommendations/settings", (CurrentUser caller, GetPushSettings get, CancellationToken ct) =>
                get.RunAsync(caller, ct).ToOk())
            .RequireAuthorization(Policies.Student)
            .Refuses(StudentCaller.NotStudent)
            .WithSummary("Whether the caller has muted pushes of positions by major.");

    public async Task<Outcome<PushSettings>> RunAsync(CurrentUser caller, CancellationToken ct)
    {
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
        var settings = await db.PushPreferences.AsNoTracking().Where(p => p.StudentId == studentId)
            .Select(p => new PushSettings(p.Muted, p.UpdatedAt)).SingleOrDefaultAsync(ct);
        return settings ?? new PushSettings(false, null);
    }
}
