using System.Globalization;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>A graduate opens a position pushed to them: it is seen from then on (opening it again keeps the first time).</summary>
public sealed class OpenRecommendation(JobFairDb db, TimeProvider time) : IUseCase
{
    public static readonly Refusal NotFound = Refusal.NotFound("recommendation");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/students/me/recommendations/{positionId:guid}/open",
                (Guid positionId, CurrentUser caller, OpenRecommendation open, CancellationToken ct) => open.RunAsync(caller, positionId, ct).ToOk())
            .RequireAuthorization(Policies.Student)
            .Refuses(StudentCaller.NotStudent, NotFound)
            .WithSummary("Mark the position pushed to the caller as opened (seenAt); the page of the position does this when a graduate follows a push.");

    public async Task<Outcome<RecommendationItem>> RunAsync(CurrentUser caller, Guid positionId, CancellationToken ct)
    {
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
        var now = time.GetUtcNow();
        // Conditional, so that the first opening stays the one counted.
        await db.Recommendations.Where(r => r.StudentId == studentId && r.PositionId == positionId && r.PushedAt != null && r.SeenAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.SeenAt, now), ct);
        var opened = await db.Recommendations.AsNoTracking()
            .Where(r => r.StudentId == studentId && r.PositionId == positionId && r.PushedAt != null)
            .Join(db.Positions, r => r.PositionId, p => p.Id, (r, p) => new { r, p })
            .Join(db.Fairs, x => x.r.FairId, f => f.Id, (x, f) => new { x.r, x.p, f.Title })
            .SingleOrDefaultAsync(ct);
        return opened is null ? NotFound : ListRecommendations.Item(opened.r, opened.p, opened.Title, now, CultureInfo.CurrentUICulture);
    }
}
