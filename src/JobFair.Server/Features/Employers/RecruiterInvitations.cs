using System.Security.Cryptography;
using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Employers;

public sealed record RecruiterJoined(Guid EmployerId, Guid RecruiterId) : IDomainEvent;

/// <summary>
/// A recruiter invites a colleague by email; the colleague, signed in with that email and no
/// role yet, accepts with the code and becomes a recruiter of the same employer.
/// </summary>
internal static class RecruiterInvitations
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(7);

    public sealed record InviteRequest(string Email);
    public sealed record InvitationResponse(Guid Id, string Email, string Code, DateTimeOffset ExpiresAt);
    public sealed record Accepted(Guid EmployerId, string Name);

    internal sealed class Validator : AbstractValidator<InviteRequest>
    {
        public Validator() => RuleFor(r => r.Email).NotEmpty().MaximumLength(256).EmailAddress();
    }

    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder recruiters)
    {
        recruiters.MapPost("/api/employers/me/invitations", Invite).Validate<InviteRequest>().Idempotent()
            .WithSummary("Invite a colleague (by email) to recruit for the caller's employer; returns the code to pass on.");
        app.MapPost("/api/employers/invitations/{code}/accept", Accept)
            .RequireAuthorization()
            .WithSummary("Accept a recruiter invitation sent to the caller's email; the caller becomes a recruiter.");
    }

    private static async Task<Results<Created<InvitationResponse>, ProblemHttpResult>> Invite(
        InviteRequest request, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        if (await current.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter.ToProblem();
        var now = time.GetUtcNow();
        var invitation = new RecruiterInvitation
        {
            EmployerId = employerId, Email = request.Email.Trim(), InvitedBy = current.Id!.Value,
            Code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), CreatedAt = now, ExpiresAt = now + ValidFor,
        };
        db.RecruiterInvitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/employers/me/invitations/{invitation.Id}",
            new InvitationResponse(invitation.Id, invitation.Email, invitation.Code, invitation.ExpiresAt));
    }

    private static async Task<Results<Ok<Accepted>, ProblemHttpResult>> Accept(
        string code, CurrentUser current, JobFairDb db, TimeProvider time, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } caller) return Problem.Refuse(401, "unauthenticated", "Sign in first.");
        var now = time.GetUtcNow();
        var invitation = await db.RecruiterInvitations.AsNoTracking().SingleOrDefaultAsync(i => i.Code == code, ct);
        // Someone else's code is as unknown to the caller as a made-up one.
        if (invitation is null || !string.Equals(invitation.Email, caller.Email, StringComparison.OrdinalIgnoreCase))
            return Problem.NotFound("invitation");
        if (invitation.AcceptedAt is not null || invitation.ExpiresAt <= now)
            return Problem.Conflict("invitation_used", "This invitation has been used or has expired; ask for a new one.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.RecruiterInvitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedBy, caller.Id), ct);
        if (claimed == 0)
            return Problem.Conflict("invitation_used", "This invitation has been used or has expired; ask for a new one.");
        if (!await db.TryGrantFirstRoleAsync(caller.Id, Roles.Recruiter, invitation.EmployerId, ct))
            return Problem.Forbidden("already_has_role", "This account already has a role.");
        db.Publish(new RecruiterJoined(invitation.EmployerId, caller.Id), time);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var name = await db.Employers.Where(e => e.Id == invitation.EmployerId).Select(e => e.Name).SingleAsync(ct);
        return TypedResults.Ok(new Accepted(invitation.EmployerId, name));
    }
}
