using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;

namespace JobFair.Server.Features.Positions;

/// <summary>A recruiter closes one of their employer's postings: it leaves every fair's list and takes no more applications.</summary>
public sealed class ClosePosition(JobFairDb db, TimeProvider time) : IUseCase
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/positions/{id:guid}/close", (Guid id, CurrentUser caller, ClosePosition close, CancellationToken ct) =>
                close.RunAsync(caller, id, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(RecruiterCaller.NotRecruiter, PositionAccess.NotFound, PositionAccess.Closed)
            .WithSummary("Close one of the caller's employer's postings: it leaves every fair's list.");

    public async Task<Outcome<PositionResponse>> RunAsync(CurrentUser caller, Guid id, CancellationToken ct)
    {
        var found = await db.FindOpenOwnAsync(caller, id, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var position = found.Value;
        var now = time.GetUtcNow();
        position.Status = PositionStatus.Closed;
        position.UpdatedAt = now;
        db.Publish(new PositionChanged(position.Id, position.Status, position.Openings), time);
        await db.SaveChangesAsync(ct);
        return await PositionResponse.LoadAsync(db, position, now, ct);
    }
}
