using Microsoft.AspNetCore.Identity;

namespace JobFair.Server.Features.Accounts;

public sealed class AdminOptions
{
    public string Email { get; set; } = "admin@jobfair.local";
    public string? Password { get; set; }
    /// <summary>JOBFAIR_ADMIN_RESET=1: set an existing admin's password back to <see cref="Password"/>.</summary>
    public bool Reset { get; set; }
}

/// <summary>
/// Ensures the operator's account from JOBFAIR_ADMIN_EMAIL / JOBFAIR_ADMIN_PASSWORD. The password
/// is the first one only: a password the operator changed since survives restarts, unless the
/// operator asks for a reset (JOBFAIR_ADMIN_RESET=1, e.g. after losing it).
/// </summary>
internal sealed partial class AdminAccount(UserManager<User> users, TimeProvider time, ILogger<AdminAccount> log)
{
    public async Task EnsureAsync(AdminOptions options)
    {
        if (string.IsNullOrEmpty(options.Password)) return;
        var admin = await users.FindByEmailAsync(options.Email);
        if (admin is null)
        {
            admin = new User { UserName = options.Email, Email = options.Email, EmailConfirmed = true, CreatedAt = time.GetUtcNow() };
            Check(await users.CreateAsync(admin, options.Password));
            LogCreated(options.Email);
        }
        else if (options.Reset && !await users.CheckPasswordAsync(admin, options.Password))
        {
            var token = await users.GeneratePasswordResetTokenAsync(admin);
            Check(await users.ResetPasswordAsync(admin, token, options.Password));
            LogReset(options.Email);
        }
        if (!await users.IsInRoleAsync(admin, Roles.Admin)) Check(await users.AddToRoleAsync(admin, Roles.Admin));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Cannot set up the admin account: " +
                string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    [LoggerMessage(LogLevel.Information, "Created admin account {Email}")]
    private partial void LogCreated(string email);

    [LoggerMessage(LogLevel.Warning, "Reset the password of admin account {Email} (JOBFAIR_ADMIN_RESET)")]
    private partial void LogReset(string email);
}
