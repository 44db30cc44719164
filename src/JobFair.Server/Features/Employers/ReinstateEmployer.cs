using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Employers;

/// <summary>The admin lifts a suspension: the employer's postings are listed again and its recruiters act again. Audited.</summary>
public sealed class ReinstateEmployer(JobFairDb db, TimeProvider time, IValidator<ReinstateEmployer.Request> validator) : IUseCase
{
    /// <summary>The body is optional; a reason, when given, goes to the audit trail.</summary>
    public sealed record Request(string? Reason);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Reason).MaximumLength(500);
    }

    public static readonly Refusal NotSuspended = Refusal.Conflict("not_suspended", "This employer is not suspended.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/employers/{id:guid}/reinstate", (Guid id, Request? request, CurrentUser caller, ReinstateEmployer reinstate,
                CancellationToken ct) => reinstate.RunAsync(caller, id, request ?? new Request(null), ct).ToOk())
            .RequireAuthorization(Policies.Admin)
            .Refuses(Refusal.Invalid("reason", "at most 500 characters"), GetEmployerForAdmin.NotFound, NotSuspended)
            .WithSummary("Admin: lift an employer's suspension (optional body {reason}); its postings are listed again and figures recounted. Audited.");

    public async Task<Outcome<AdminEmployerResponse>> RunAsync(CurrentUser caller, Guid id, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var reinstated = await db.Employers.Where(e => e.Id == id && e.SuspendedAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.SuspendedAt, (DateTimeOffset?)null).SetProperty(e => e.SuspensionReason, (string?)null), ct);
        if (reinstated == 0) return await db.Employers.AnyAsync(e => e.Id == id, ct) ? NotSuspended : GetEmployerForAdmin.NotFound;
        db.Audit(time, caller.Id, Roles.Admin, "employer_reinstated", "employer", id, request.Reason?.Trim());
        db.Publish(new EmployerStandingChanged(id, Suspended: false), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await AdminEmployerResponse.LoadAsync(db, id, ct))!;
    }
}
