using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace JobFair.Server.Features.Accounts;

/// <summary>
/// Failed sign-ins of one account from one client address. Kept in the database, so that every
/// node counts the same failures, and keyed by both, so that whoever guesses a password from one
/// address locks only that address out of that account: the owner signing in from anywhere else
/// (the admin included) is not held up. Rows exist for addresses that do not belong to any
/// account as well, so a lockout says nothing about whether an account exists.
/// </summary>
public sealed class SignInFailure
{
    /// <summary>SHA-256 (hex) of the normalised email as typed; an unknown one is counted the same way.</summary>
    public required string Account { get; init; }
    /// <summary>The client address (an IPv6 client's /64), as <see cref="RateLimits.ClientAddress"/> gives it.</summary>
    public required string Address { get; init; }
    public int Failures { get; set; }
    /// <summary>The first failure of the current window (<see cref="RateLimitOptions.SignInFailureWindow"/>).</summary>
    public DateTimeOffset FirstAt { get; set; }
    public DateTimeOffset LastAt { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}

internal sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> b)
    {
        b.ToTable("sign_in_failures");
        b.HasKey(f => new { f.Account, f.Address });
        b.Property(f => f.Account).HasMaxLength(64);
        b.Property(f => f.Address).HasMaxLength(64);
        b.HasIndex(f => f.LastAt);
    }
}

/// <summary>
/// The lockout of sign-in (Identity's own, per account alone, is off: <see cref="JobFairUserManager"/>).
/// <see cref="RateLimitOptions.SignInFailures"/> failures of one account from one address within
/// <see cref="RateLimitOptions.SignInFailureWindow"/> lock that pair for
/// <see cref="RateLimitOptions.SignInLockout"/>; while the window lasts, each further failure locks
/// it again. A success clears the pair. The API's login and the sign-in page both go through it.
/// </summary>
public sealed class SignInGuard(JobFairDb db, TimeProvider time, ILookupNormalizer normalizer, IPasswordHasher<User> hasher,
    IOptions<RateLimitOptions> options)
{
    /// <summary>A hash of a random password, checked when the account does not exist, so that a sign-in takes as long either way.</summary>
    private static string? _standIn;

    /// <summary>How long this account is still locked for this address, or null.</summary>
    public async Task<TimeSpan?> LockedForAsync(string email, string address, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var key = Key(email);
        var until = await db.SignInFailures.Where(f => f.Account == key && f.Address == address && f.LockedUntil > now)
            .Select(f => f.LockedUntil).FirstOrDefaultAsync(ct);
        return until - now;
    }

    /// <summary>
    /// After the password was checked (by the API's login or the sign-in page): a success clears the
    /// pair; a wrong password, or an address without an account, costs the same and is counted.
    /// Returns how long the pair is now locked for, or null.
    /// </summary>
    public async Task<TimeSpan?> CheckedAsync(string email, string password, string address, bool succeeded, CancellationToken ct)
    {
        if (succeeded)
        {
            await SucceededAsync(email, address, ct);
            return null;
        }
        await SpendAsOnAPasswordAsync(email, password, ct);
        return await FailedAsync(email, address, ct);
    }

    /// <summary>Counts a failure; how long the pair is now locked for, or null when it is not (yet).</summary>
    private async Task<TimeSpan?> FailedAsync(string email, string address, CancellationToken ct)
    {
        var limits = options.Value;
        var now = time.GetUtcNow();
        var windowStart = now - limits.SignInFailureWindow;
        var lockedUntil = now + limits.SignInLockout;
        // One statement: failures racing on several nodes all count.
        var locked = (await db.Database.SqlQuery<DateTimeOffset?>($"""
            INSERT INTO sign_in_failures AS f (account, address, failures, first_at, last_at, locked_until)
            VALUES ({Key(email)}, {address}, 1, {now}, {now}, CASE WHEN {limits.SignInFailures} <= 1 THEN {lockedUntil} END)
            ON CONFLICT (account, address) DO UPDATE SET
              failures = CASE WHEN f.first_at <= {windowStart} THEN 1 ELSE f.failures + 1 END,
              first_at = CASE WHEN f.first_at <= {windowStart} THEN {now} ELSE f.first_at END,
              last_at = {now},
              locked_until = CASE WHEN (CASE WHEN f.first_at <= {windowStart} THEN 1 ELSE f.failures + 1 END) >= {limits.SignInFailures}
                                  THEN {lockedUntil} ELSE f.locked_until END
            RETURNING locked_until AS "Value"
            """).ToListAsync(ct)).Single();
        return locked > now ? locked - now : null;
    }

    /// <summary>A success forgets the pair's failures (and rows nobody has failed with for a day).</summary>
    private Task<int> SucceededAsync(string email, string address, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            DELETE FROM sign_in_failures WHERE (account = {Key(email)} AND address = {address}) OR last_at < {time.GetUtcNow().AddDays(-1)}
            """, ct);

    /// <summary>
    /// After a failed password check: when no account has this address, checks the password against
    /// a stand-in hash, so that the failure costs what a wrong password of a real account costs.
    /// </summary>
    private async Task SpendAsOnAPasswordAsync(string email, string password, CancellationToken ct)
    {
        var name = normalizer.NormalizeName(email);
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == name, ct)) return;
        _standIn ??= hasher.HashPassword(new User(), Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        hasher.VerifyHashedPassword(new User(), _standIn, password);
    }

    private string Key(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizer.NormalizeName(email.Trim()) ?? "")));
}
