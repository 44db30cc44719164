using System.Security.Cryptography;
using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Employers;

/// <summary>A recruiter invites a colleague by email; the code it returns is theirs to pass on.</summary>
public sealed class InviteRecruiter(JobFairDb db, TimeProvider time, IValidator<InviteRecruiter.Request> validator) : IUseCase
{
    /// <summary>How long a colleague has to accept.</summary>
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(7);

    public sealed record Request(string Email);
    public sealed record Response(Guid Id, string Email, string Code, DateTimeOffset ExpiresAt);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Email).NotEmpty().MaximumLength(256).EmailAddress();
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/employers/me/invitations", (Request request, CurrentUser caller, InviteRecruiter invite, CancellationToken ct) =>
                invite.RunAsync(caller, request, ct).ToCreated(i => $"/api/employers/me/invitations/{i.Id}"))
            .RequireAuthorization(Policies.Recruiter)
            .Idempotent()
            .Refuses(Refusal.Invalid("email", "a valid address"), RecruiterCaller.NotRecruiter)
            .WithSummary("Invite a colleague (by email) to recruit for the caller's employer; returns the code to pass on.");

    public async Task<Outcome<Response>> RunAsync(CurrentUser caller, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        if (await caller.EmployerAsync(ct) is not { } employerId) return RecruiterCaller.NotRecruiter;
        var now = time.GetUtcNow();
        var invitation = new RecruiterInvitation
        {
            EmployerId = employerId, Email = request.Email.Trim(), InvitedBy = caller.Id!.Value,
            // Unguessable: whoever holds the code (and signs in with the address) joins the employer.
            Code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), CreatedAt = now, ExpiresAt = now + ValidFor,
        };
        db.RecruiterInvitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        return new Response(invitation.Id, invitation.Email, invitation.Code, invitation.ExpiresAt);
    }
}
