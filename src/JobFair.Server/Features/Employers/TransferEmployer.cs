using JobFair.Server.Features.Accounts;
using Microsoft.AspNetCore.Identity;

namespace JobFair.Server.Features.Employers;

/// <summary>
/// The admin settles a disputed registration by moving the employer to the account of the person
/// it belongs to: that account becomes its only recruiter; everyone who recruited for it loses the
/// recruiter role (their sessions end: a new security stamp), and its open invitations are
/// revoked, so the earlier holder keeps no way back in. Audited.
/// </summary>
public sealed class TransferEmployer(JobFairDb db, TimeProvider time, ILookupNormalizer normalizer,
    IValidator<TransferEmployer.Request> validator) : IUseCase
{
    public sealed record Request(string Email, string? Reason);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Email).NotEmpty().MaximumLength(256).EmailAddress();
            RuleFor(r => r.Reason).MaximumLength(500);
        }
    }

    public static readonly Refusal NoSuchAccount = Refusal.NotFound("account with this email; the new holder registers first");
    public static readonly Refusal AccountHasRole =
        Refusal.Conflict("account_has_role", "That account already has a role (student, staff, or recruiter of another employer).");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/employers/{id:guid}/transfer", (Guid id, Request request, CurrentUser caller, TransferEmployer transfer,
                CancellationToken ct) => transfer.RunAsync(caller, id, request, ct).ToOk())
            .RequireAuthorization(Policies.Admin)
            .Refuses(Refusal.Invalid("email", "a valid address"), GetEmployerForAdmin.NotFound, NoSuchAccount, AccountHasRole)
            .WithSummary("Admin: make the existing account with this email the employer's only recruiter; its current recruiters " +
                         "lose the role and its open invitations are revoked. Audited.");

    public async Task<Outcome<AdminEmployerResponse>> RunAsync(CurrentUser caller, Guid id, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Transfers of one employer, and invitations accepted meanwhile, are decided in one order.
        if (await db.Database.SqlQuery<Guid>($"""SELECT id AS "Value" FROM employers WHERE id = {id} FOR UPDATE""").ToListAsync(ct) is [])
            return GetEmployerForAdmin.NotFound;
        var email = normalizer.NormalizeEmail(request.Email.Trim());
        var target = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == email)
            .Select(u => new { u.Id, u.Email, u.EmployerId }).SingleOrDefaultAsync(ct);
        if (target is null) return NoSuchAccount;
        if (target.EmployerId != id && !await db.TryGrantFirstRoleAsync(target.Id, Roles.Recruiter, id, ct)) return AccountHasRole;

        var removed = await db.Users.Where(u => u.EmployerId == id && u.Id != target.Id)
            .Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        var removedIds = removed.Select(u => u.Id).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE users SET employer_id = NULL, security_stamp = gen_random_uuid()::text, concurrency_stamp = gen_random_uuid()::text
            WHERE id = ANY({removedIds})
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM user_roles WHERE user_id = ANY({removedIds}) AND role_id = (SELECT id FROM roles WHERE name = {Roles.Recruiter})
            """, ct);
        var revoked = await db.RecruiterInvitations.Where(i => i.EmployerId == id && i.AcceptedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, now), ct);
        db.Audit(time, caller.Id, Roles.Admin, "employer_transferred", "employer", id,
            $"to {target.Email}; removed: {(removed.Count == 0 ? "nobody" : string.Join(", ", removed.Select(u => u.Email)))}; " +
            $"{revoked} invitations revoked; reason: {request.Reason?.Trim() ?? "-"}");
        db.Publish(new EmployerTransferred(id, target.Id, removedIds), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await AdminEmployerResponse.LoadAsync(db, id, ct))!;
    }
}
