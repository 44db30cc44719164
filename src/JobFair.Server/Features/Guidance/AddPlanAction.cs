using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance;

/// <summary>A graduate's counsellor adds an action to their plan, due by a given time (open until marked done).</summary>
public sealed class AddPlanAction(JobFairDb db, TimeProvider time, IValidator<AddPlanAction.Request> validator) : IUseCase
{
    public sealed record Request(string Text, DateTimeOffset DueAt);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(r => r.Text).NotEmpty().MaximumLength(2000);
            RuleFor(r => r.DueAt).NotEmpty()
                .Must(d => d.Year >= 2000).WithMessage("dueAt lies too far in the past")
                .Must(d => d <= time.GetUtcNow().AddYears(2)).WithMessage("dueAt lies more than two years ahead");
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/students/{id:guid}/plan/actions", (Guid id, Request request, CurrentUser caller, AddPlanAction add, CancellationToken ct) =>
                add.RunAsync(caller, id, request, ct).ToCreated(e => $"/api/students/{id}/plan"))
            .RequireAuthorization(Policies.Counsellor)
            .Idempotent()
            .Refuses(UtcDateTimeOffsetConverter.OutOfRange, Refusal.Invalid("text", "required, at most 2000 characters"), LedgerAccess.NotFound, LedgerAccess.PartnerOnlyAdvises,
                LedgerAccess.NotOwnCounsellor)
            .WithSummary("A graduate's counsellor adds an action with a due time to their plan. Audited.");

    public async Task<Outcome<PlanEntryResponse>> RunAsync(CurrentUser caller, Guid studentId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var found = await db.FindAsync(caller, studentId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var (student, reader) = found.Value;
        if (reader.MayWrite(PlanEntryKinds.Action) is { } notHers) return notHers;

        return await db.AddAsync(time, reader, new PlanEntry
        {
            StudentId = student.Id, Kind = PlanEntryKinds.Action, Text = request.Text.Trim(), DueAt = request.DueAt,
            AuthorId = reader.Counsellor!.Id, AuthorUniversityId = reader.Counsellor.UniversityId, CreatedAt = time.GetUtcNow(),
        }, "plan_action_added", ct);
    }
}
