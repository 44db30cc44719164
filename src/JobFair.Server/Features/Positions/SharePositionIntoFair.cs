using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Fairs;

namespace JobFair.Server.Features.Positions;

public sealed record PositionShared(Guid PositionId, Guid FairId, int Openings) : IDomainEvent;

/// <summary>A recruiter shares one of their employer's open postings into another fair that has approved the employer (岗位信息共享).</summary>
public sealed class SharePositionIntoFair(JobFairDb db, TimeProvider time, IValidator<SharePositionIntoFair.Request> validator) : IUseCase
{
    public sealed record Request(Guid FairId);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.FairId).NotEmpty();
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/positions/{id:guid}/fairs", (Guid id, Request request, CurrentUser caller, SharePositionIntoFair share, CancellationToken ct) =>
                share.RunAsync(caller, id, request, ct).ToOk())
            .RequireAuthorization(Policies.Recruiter)
            .Refuses(Refusal.Invalid("fairId", "required"), RecruiterCaller.NotRecruiter, PositionAccess.NotFound, PositionAccess.Closed,
                PositionAccess.NotApproved, FairAccess.Closed)
            .WithSummary("Share a posting into another fair where the employer is approved (岗位信息共享).");

    public async Task<Outcome<PositionResponse>> RunAsync(CurrentUser caller, Guid id, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var found = await db.FindOpenOwnAsync(caller, id, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var position = found.Value;
        var now = time.GetUtcNow();
        if (await db.SharingRefusalAsync(position.EmployerId, [request.FairId], now, ct) is { } notAllowed) return notAllowed;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Sharing twice is harmless: the posting is counted once per fair. The database adds its search entry.
        var shared = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO position_fairs (position_id, fair_id, shared_at) VALUES ({id}, {request.FairId}, {now})
            ON CONFLICT (position_id, fair_id) DO NOTHING
            """, ct);
        if (shared == 1)
        {
            db.Publish(new PositionShared(id, request.FairId, position.Openings), time);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return await PositionResponse.LoadAsync(db, position, now, ct);
    }
}
