using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace JobFair.Server.Features.Accounts;

/// <summary>
/// Anyone registers an account with an email and a password. An address that already has an
/// account gets the same answer as a new one, after the same work (the password is hashed and the
/// insert tried either way), so registration cannot be used to learn who has an account; nothing
/// is created then, and the owner's password stays theirs.
/// </summary>
public sealed class RegisterAccount(JobFairDb db, UserManager<User> users, TimeProvider time) : IUseCase
{
    public sealed record Request(string? Email, string? Password);

    /// <summary>
    /// Answers Identity's own POST /api/auth/register (its route and its description stay: the
    /// contract names Identity's endpoints), whose answer told taken addresses apart, and gives it
    /// the registration budget instead of the sign-in one.
    /// </summary>
    internal static void Answer(IEndpointConventionBuilder identity) =>
        identity.Add(b =>
        {
            if (b is not RouteEndpointBuilder { RoutePattern.RawText: { } route } || !route.EndsWith("/register", StringComparison.Ordinal)) return;
            b.Metadata.Add(new EnableRateLimitingAttribute(RateLimits.Register));
            b.Metadata.Add(new RefusalsMetadata([Refusal.Invalid("password", "Passwords must be at least 8 characters."), RateLimits.TooMany]));
            b.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]));
            b.Metadata.Add(new EndpointSummaryAttribute("Register an account (then sign in with POST /api/auth/login). An address that " +
                                                        "already has an account gets the same 200, and nothing changes for that account."));
            b.FilterFactories.Add((_, next) => async context =>
            {
                if (context.Arguments.OfType<RegisterRequest>().FirstOrDefault() is not { } registration) return await next(context);
                var register = context.HttpContext.RequestServices.GetRequiredService<RegisterAccount>();
                return await register.RunAsync(new Request(registration.Email, registration.Password), context.HttpContext.RequestAborted) is { } refusal
                    ? refusal.ToProblem()
                    : TypedResults.Ok();
            });
        });

    public async Task<Refusal?> RunAsync(Request request, CancellationToken ct)
    {
        var email = request.Email?.Trim() ?? "";
        var password = request.Password ?? "";
        var user = new User { Id = Guid.CreateVersion7(), UserName = email, Email = email, CreatedAt = time.GetUtcNow() };
        // Identity's rules for the address and the password, except "already taken".
        var errors = new List<IdentityError>();
        foreach (var rule in users.UserValidators) errors.AddRange((await rule.ValidateAsync(users, user)).Errors);
        foreach (var rule in users.PasswordValidators) errors.AddRange((await rule.ValidateAsync(users, user, password)).Errors);
        errors.RemoveAll(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail));
        if (errors.Count > 0)
            return Refusal.Invalid(errors.GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));

        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.NormalizedUserName = users.NormalizeName(email);
        user.NormalizedEmail = users.NormalizeEmail(email);
        user.SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        // Taken (or taken a moment ago by a racing registration): the same answer as a new account.
        catch (DbUpdateException e) when (e.IsUniqueViolation(UserConfiguration.OneAccountPerEmail) ||
                                          e.IsUniqueViolation(UserConfiguration.OneAccountPerUserName))
        {
            db.ChangeTracker.Clear();
        }
        return null;
    }
}
