using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Employers;

public sealed record RecruiterJoined(Guid EmployerId, Guid RecruiterId) : IDomainEvent;

/// <summary>
/// The invited colleague, signed in with the invitation's email and no role yet, accepts with the
/// code and becomes a recruiter of the same employer.
/// </summary>
public sealed class AcceptRecruiterInvitation(JobFairDb db, TimeProvider time) : IUseCase
{
    public sealed record Response(Guid EmployerId, string Name);

    public static readonly Refusal Used = Refusal.Conflict("invitation_used", "This invitation has been used or has expired; ask for a new one.");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/employers/invitations/{code}/accept", (string code, CurrentUser caller, AcceptRecruiterInvitation accept, CancellationToken ct) =>
                accept.RunAsync(caller, code, ct).ToOk())
            .RequireAuthorization(Policies.SignedIn)
            .Refuses(Refusal.NotFound("invitation"), Used, RoleGrants.AlreadyHasRole)
            .WithSummary("Accept a recruiter invitation sent to the caller's email; the caller becomes a recruiter.");

    public async Task<Outcome<Response>> RunAsync(CurrentUser caller, string code, CancellationToken ct)
    {
        if (await caller.GetAsync(ct) is not { } me) return Refusal.Unauthenticated();
        var now = time.GetUtcNow();
        var invitation = await db.RecruiterInvitations.AsNoTracking().SingleOrDefaultAsync(i => i.Code == code, ct);
        // Someone else's code is as unknown to the caller as a made-up one.
        if (invitation is null || !string.Equals(invitation.Email, me.Email, StringComparison.OrdinalIgnoreCase))
            return Refusal.NotFound("invitation");
        if (invitation.AcceptedAt is not null || invitation.ExpiresAt <= now) return Used;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Conditional on it being unused: of two racing acceptances, one claims it.
        var claimed = await db.RecruiterInvitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedBy, me.Id), ct);
        if (claimed == 0) return Used;
        if (!await db.TryGrantFirstRoleAsync(me.Id, Roles.Recruiter, invitation.EmployerId, ct)) return RoleGrants.AlreadyHasRole;
        db.Publish(new RecruiterJoined(invitation.EmployerId, me.Id), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var name = await db.Employers.Where(e => e.Id == invitation.EmployerId).Select(e => e.Name).SingleAsync(ct);
        return new Response(invitation.EmployerId, name);
    }
}
