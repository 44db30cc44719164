using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Fairs;

/// <summary>Either host edits the fair's title, description or time window until it closes.</summary>
public sealed class EditFair(JobFairDb db, TimeProvider time, IValidator<EditFair.Request> validator) : IUseCase
{
    public sealed record Request(string Title, string? Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(r => r.Title).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Description).MaximumLength(5000);
            FairRules.Window(this, r => r.StartsAt, r => r.EndsAt, time);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/fairs/{id:guid}", (Guid id, Request request, CurrentUser caller, EditFair edit, CancellationToken ct) =>
                edit.RunAsync(caller, id, request, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(UtcDateTimeOffsetConverter.OutOfRange, Refusal.Invalid("endsAt", "must be after startsAt"), FairAccess.NotFound, FairAccess.NotHost, FairAccess.Closed)
            .WithSummary("A host edits the fair's title, description or time window (until it closes).");

    public async Task<Outcome<FairResponse>> RunAsync(CurrentUser caller, Guid id, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if ((await db.FindForHostAsync(id, caller, ct)).IsRefused(out var refusal)) return refusal;
        var now = time.GetUtcNow();
        var (title, description) = (request.Title.Trim(), request.Description?.Trim() ?? "");
        // Conditional on the fair still being open, so an edit racing a close cannot reopen it. (A bulk update passes
        // no change tracker: its times are made UTC here, not by UtcTimesInterceptor.)
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var edited = await db.Fairs.Where(f => f.Id == id && f.Status != FairStatus.Closed && f.EndsAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Title, title).SetProperty(f => f.Description, description)
                .SetProperty(f => f.StartsAt, request.StartsAt.ToUniversalTime()).SetProperty(f => f.EndsAt, request.EndsAt.ToUniversalTime()), ct);
        if (edited == 0) return FairAccess.Closed;
        var stored = await db.Fairs.AsNoTracking().WithHosts().SingleAsync(f => f.Id == id, ct);
        db.Publish(new FairChanged(id, stored.Status), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return stored.ToResponse(now);
    }
}
