using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Employers;

/// <summary>
/// The admin suspends an employer whose registration is disputed or abused: its postings leave
/// every fair's lists, search and position pages at once (the search entries follow in the same
/// transaction, 0016), its recruiters are refused everything with 403 employer_suspended, and the
/// fairs it takes part in are counted again. Audited.
/// </summary>
public sealed class SuspendEmployer(JobFairDb db, TimeProvider time, IValidator<SuspendEmployer.Request> validator) : IUseCase
{
    public sealed record Request(string Reason);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
    }

    public static readonly Refusal AlreadySuspended = Refusal.Conflict("already_suspended", "This employer is already suspended.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/employers/{id:guid}/suspend", (Guid id, Request request, CurrentUser caller, SuspendEmployer suspend,
                CancellationToken ct) => suspend.RunAsync(caller, id, request, ct).ToOk())
            .RequireAuthorization(Policies.Admin)
            .Refuses(Refusal.Invalid("reason", "required"), GetEmployerForAdmin.NotFound, AlreadySuspended)
            .WithSummary("Admin: suspend an employer (reason required). Its postings leave every fair's lists and search, its " +
                         "recruiters get 403 employer_suspended everywhere, and fair figures are recounted. Audited.");

    public async Task<Outcome<AdminEmployerResponse>> RunAsync(CurrentUser caller, Guid id, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var now = time.GetUtcNow();
        var reason = request.Reason.Trim();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var suspended = await db.Employers.Where(e => e.Id == id && e.SuspendedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.SuspendedAt, now).SetProperty(e => e.SuspensionReason, reason), ct);
        if (suspended == 0) return await db.Employers.AnyAsync(e => e.Id == id, ct) ? AlreadySuspended : GetEmployerForAdmin.NotFound;
        db.Audit(time, caller.Id, Roles.Admin, "employer_suspended", "employer", id, reason);
        db.Publish(new EmployerStandingChanged(id, Suspended: true), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await AdminEmployerResponse.LoadAsync(db, id, ct))!;
    }
}
