using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Fairs;

/// <summary>A host edits, publishes or closes a fair. Either host has the same rights.</summary>
internal static class ChangeFair
{
    public sealed record EditRequest(string Title, string? Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

    internal sealed class EditValidator : AbstractValidator<EditRequest>
    {
        public EditValidator(TimeProvider time)
        {
            RuleFor(r => r.Title).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Description).MaximumLength(5000);
            FairRules.Window(this, r => r.StartsAt, r => r.EndsAt, time);
        }
    }

    public static void Map(IEndpointRouteBuilder centres)
    {
        centres.MapPut("/api/fairs/{id:guid}", Edit).Validate<EditRequest>()
            .WithSummary("A host edits the fair's title, description or time window (until it closes).");
        centres.MapPost("/api/fairs/{id:guid}/publish", Publish)
            .WithSummary("A host publishes a draft fair: employers may then ask to join and students see it.");
        centres.MapPost("/api/fairs/{id:guid}/close", Close)
            .WithSummary("A host closes a fair early (fairs also close by themselves at endsAt).");
    }

    private static async Task<Results<Ok<FairResponse>, ProblemHttpResult>> Edit(
        Guid id, EditRequest request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var (fair, refusal) = (await db.FindForHostAsync(id, current, ct)).Legacy();
        if (refusal is not null) return refusal;
        var now = time.GetUtcNow();
        var (title, description) = (request.Title.Trim(), request.Description?.Trim() ?? "");
        // Conditional on the fair still being open, so an edit racing a close cannot reopen it.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var edited = await db.Fairs.Where(f => f.Id == id && f.Status != FairStatus.Closed && f.EndsAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Title, title).SetProperty(f => f.Description, description)
                .SetProperty(f => f.StartsAt, request.StartsAt).SetProperty(f => f.EndsAt, request.EndsAt), ct);
        if (edited == 0) return FairAccess.Closed.ToProblem();
        var stored = await db.Fairs.AsNoTracking().WithHosts().SingleAsync(f => f.Id == id, ct);
        db.Publish(new FairChanged(id, stored.Status), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(stored.ToResponse(now));
    }

    private static async Task<Results<Ok<FairResponse>, ProblemHttpResult>> Publish(
        Guid id, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var (fair, refusal) = (await db.FindForHostAsync(id, current, ct)).Legacy();
        if (refusal is not null) return refusal;
        var now = time.GetUtcNow();
        if (fair!.EndsAt <= now) return FairAccess.Closed.ToProblem();
        // Conditional on the state: two hosts publishing at once publish once.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Fairs.Where(f => f.Id == id && f.Status == FairStatus.Draft)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, FairStatus.Published).SetProperty(f => f.PublishedAt, now), ct);
        if (changed == 0)
            return await db.Fairs.Where(f => f.Id == id).Select(f => f.Status).SingleAsync(ct) == FairStatus.Published
                ? Problem.Conflict("already_published", "This fair is already published.")
                : FairAccess.Closed.ToProblem();
        db.Publish(new FairChanged(fair.Id, FairStatus.Published), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        fair.Status = FairStatus.Published;
        fair.PublishedAt = now;
        return TypedResults.Ok(fair.ToResponse(now));
    }

    private static async Task<Results<Ok<FairResponse>, ProblemHttpResult>> Close(
        Guid id, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var (fair, refusal) = (await db.FindForHostAsync(id, current, ct)).Legacy();
        if (refusal is not null) return refusal;
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Fairs.Where(f => f.Id == id && f.Status != FairStatus.Closed)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, FairStatus.Closed).SetProperty(f => f.ClosedAt, now), ct);
        if (changed == 0) return FairAccess.Closed.ToProblem();
        db.Publish(new FairChanged(fair!.Id, FairStatus.Closed), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        fair.Status = FairStatus.Closed;
        fair.ClosedAt = now;
        return TypedResults.Ok(fair.ToResponse(now));
    }
}
