using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance;

/// <summary>A graduate's counsellor writes a note in their plan (casework: never shown to a partner counsellor).</summary>
public sealed class AddPlanNote(JobFairDb db, TimeProvider time, IValidator<AddPlanNote.Request> validator) : IUseCase
{
    public sealed record Request(string Text);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Text).NotEmpty().MaximumLength(2000);
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/students/{id:guid}/plan/notes", (Guid id, Request request, CurrentUser caller, AddPlanNote add, CancellationToken ct) =>
                add.RunAsync(caller, id, request, ct).ToCreated(e => $"/api/students/{id}/plan"))
            .RequireAuthorization(Policies.Counsellor)
            .Idempotent()
            .Refuses(Refusal.Invalid("text", "required, at most 2000 characters"), LedgerAccess.NotFound, LedgerAccess.PartnerOnlyAdvises,
                LedgerAccess.NotOwnCounsellor)
            .WithSummary("A graduate's counsellor writes a note in their plan. Audited.");

    public async Task<Outcome<PlanEntryResponse>> RunAsync(CurrentUser caller, Guid studentId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var found = await db.FindAsync(caller, studentId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var (student, reader) = found.Value;
        if (reader.MayWrite(PlanEntryKinds.Note) is { } notHers) return notHers;

        return await db.AddAsync(time, reader, new PlanEntry
        {
            StudentId = student.Id, Kind = PlanEntryKinds.Note, Text = request.Text.Trim(),
            AuthorId = reader.Counsellor!.Id, AuthorUniversityId = reader.Counsellor.UniversityId, CreatedAt = time.GetUtcNow(),
        }, "plan_note_added", ct);
    }
}
