using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Positions;

/// <summary>A recruiter edits, closes and shares their own employer's postings; anyone else's are 404.</summary>
internal static class ManagePosition
{
    public sealed record EditRequest(string Title, string Description, string City, List<string>? Majors, string Degree,
        int Openings, int SalaryMin, int SalaryMax, DateTimeOffset? ClosesAt)
        : PositionFields(Title, Description, City, Majors, Degree, Openings, SalaryMin, SalaryMax, ClosesAt);

    public sealed record ShareRequest(Guid FairId);

    internal sealed class EditValidator : AbstractValidator<EditRequest>
    {
        public EditValidator(TimeProvider time) => Include(new PositionFieldsRules<EditRequest>(time));
    }

    internal sealed class ShareValidator : AbstractValidator<ShareRequest>
    {
        public ShareValidator() => RuleFor(r => r.FairId).NotEmpty();
    }

    public static void Map(IEndpointRouteBuilder recruiters)
    {
        recruiters.MapPut("/api/positions/{id:guid}", Edit).Validate<EditRequest>()
            .WithSummary("Edit one of the caller's employer's open postings.");
        recruiters.MapPost("/api/positions/{id:guid}/close", Close)
            .WithSummary("Close one of the caller's employer's postings: it leaves every fair's list.");
        recruiters.MapPost("/api/positions/{id:guid}/fairs", Share).Validate<ShareRequest>()
            .WithSummary("Share a posting into another fair where the employer is approved (岗位信息共享).");
    }

    private static async Task<(Position?, ProblemHttpResult?)> FindOwnAsync(Guid id, CurrentUser current, JobFairDb db, CancellationToken ct)
    {
        if (await current.EmployerAsync(ct) is not { } employerId) return (null, Employers.RecruiterCaller.NotRecruiter.ToProblem());
        var position = await db.Positions.SingleOrDefaultAsync(p => p.Id == id && p.EmployerId == employerId, ct);
        return position is null ? (null, Problem.NotFound("position")) : (position, null);
    }

    private static async Task<Results<Ok<PositionResponse>, ProblemHttpResult>> Edit(
        Guid id, EditRequest request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var (position, refusal) = await FindOwnAsync(id, current, db, ct);
        if (refusal is not null) return refusal;
        if (position!.Status == PositionStatus.Closed) return PositionClosed();
        var now = time.GetUtcNow();
        position.Apply(request, now);
        db.Publish(new PositionChanged(position.Id, position.Status, position.Openings), time);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await PositionResponse.LoadAsync(db, position, now, ct));
    }

    private static async Task<Results<Ok<PositionResponse>, ProblemHttpResult>> Close(
        Guid id, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var (position, refusal) = await FindOwnAsync(id, current, db, ct);
        if (refusal is not null) return refusal;
        if (position!.Status == PositionStatus.Closed) return PositionClosed();
        var now = time.GetUtcNow();
        position.Status = PositionStatus.Closed;
        position.UpdatedAt = now;
        db.Publish(new PositionChanged(position.Id, position.Status, position.Openings), time);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await PositionResponse.LoadAsync(db, position, now, ct));
    }

    private static async Task<Results<Ok<PositionResponse>, ProblemHttpResult>> Share(
        Guid id, ShareRequest request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        var (position, refusal) = await FindOwnAsync(id, current, db, ct);
        if (refusal is not null) return refusal;
        if (position!.Status == PositionStatus.Closed) return PositionClosed();
        var now = time.GetUtcNow();
        if (await Sharing.RefuseAsync(db, position.EmployerId, [request.FairId], now, ct) is { } notAllowed) return notAllowed;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Sharing twice is harmless: the posting is counted once per fair. The database adds its search entry.
        var shared = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO position_fairs (position_id, fair_id, shared_at) VALUES ({id}, {request.FairId}, {now})
            ON CONFLICT DO NOTHING
            """, ct);
        if (shared == 1)
        {
            db.Publish(new PositionShared(id, request.FairId, position.Openings), time);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await PositionResponse.LoadAsync(db, position, now, ct));
    }

    private static ProblemHttpResult PositionClosed() => Problem.Conflict("position_closed", "This posting is closed.");
}
