using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>
/// A graduate mutes pushes in one step (or lets them come again): a muted graduate is matched to
/// nothing, and what was waiting for them is dropped at once, so unmuting later does not bring a backlog.
/// </summary>
public sealed class ChangePushSettings(JobFairDb db, TimeProvider time, IValidator<ChangePushSettings.Request> validator) : IUseCase
{
    public sealed record Request(bool? Muted);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Muted).NotNull().WithMessage("muted must be true or false");
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/students/me/recommendations/settings", (Request request, CurrentUser caller, ChangePushSettings change, CancellationToken ct) =>
                change.RunAsync(caller, request, ct).ToOk())
            .RequireAuthorization(Policies.Student)
            .Refuses(Refusal.Invalid("muted", "muted must be true or false"), StudentCaller.NotStudent)
            .WithSummary("Mute (muted: true) or unmute pushes of positions by major; muting drops what was waiting.");

    public async Task<Outcome<PushSettings>> RunAsync(CurrentUser caller, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (await caller.StudentIdAsync(ct) is not { } studentId) return StudentCaller.NotStudent;
        var muted = request.Muted!.Value;
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO push_preferences (student_id, muted, updated_at) VALUES ({studentId}, {muted}, {now})
            ON CONFLICT (student_id) DO UPDATE SET muted = excluded.muted, updated_at = excluded.updated_at
            """, ct);
        if (muted) await db.Recommendations.Where(r => r.StudentId == studentId && r.PushedAt == null).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return new PushSettings(muted, now);
    }
}
