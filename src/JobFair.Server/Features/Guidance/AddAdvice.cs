using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance;

/// <summary>
/// A counsellor advises on a graduate's plan, possibly recommending a position: the graduate's own
/// counsellors, and the partner university's counsellor through a counsellor pair (帮扶建议).
/// </summary>
public sealed class AddAdvice(JobFairDb db, TimeProvider time, IValidator<AddAdvice.Request> validator) : IUseCase
{
    /// <summary>The advice, and the id of a position recommended to the graduate, if any.</summary>
    public sealed record Request(string Text, Guid? PositionId);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Text).NotEmpty().MaximumLength(2000);
            RuleFor(r => r.PositionId).NotEqual(Guid.Empty);
        }
    }

    public static readonly Refusal NoSuchPosition = Refusal.Invalid("positionId", "No such position.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/students/{id:guid}/plan/advice", (Guid id, Request request, CurrentUser caller, AddAdvice add, CancellationToken ct) =>
                add.RunAsync(caller, id, request, ct).ToCreated(e => $"/api/students/{id}/plan"))
            .RequireAuthorization(Policies.Counsellor)
            .Idempotent()
            .Refuses(Refusal.Invalid("text", "required, at most 2000 characters"), NoSuchPosition, LedgerAccess.NotFound,
                LedgerAccess.NotOwnCounsellor)
            .WithSummary("A graduate's counsellor, or the paired counsellor of the partner university, adds advice and " +
                         "optionally a recommended position to the plan. Audited.");

    public async Task<Outcome<PlanEntryResponse>> RunAsync(CurrentUser caller, Guid studentId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var found = await db.FindAsync(caller, studentId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var (student, reader) = found.Value;
        if (reader.MayWrite(PlanEntryKinds.Advice) is { } notHers) return notHers;
        if (request.PositionId is { } positionId && !await db.Positions.AnyAsync(p => p.Id == positionId, ct)) return NoSuchPosition;

        return await db.AddAsync(time, reader, new PlanEntry
        {
            StudentId = student.Id, Kind = PlanEntryKinds.Advice, Text = request.Text.Trim(), PositionId = request.PositionId,
            AuthorId = reader.Counsellor!.Id, AuthorUniversityId = reader.Counsellor.UniversityId, CreatedAt = time.GetUtcNow(),
        }, "plan_advice_added", ct);
    }
}
