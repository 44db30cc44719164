using Microsoft.AspNetCore.Identity;

namespace JobFair.Server.Features.Accounts;

public sealed class AdminOptions
{
    public string Email { get; set; } = "admin@jobfair.local";
    public string? Password { get; set; }
}

/// <summary>
/// Ensures the operator's account from JOBFAIR_ADMIN_EMAIL / JOBFAIR_ADMIN_PASSWORD: created,
/// or its password reset, whenever the password is given.
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
        else if (!await users.CheckPasswordAsync(admin, options.Password))
        {
            var token = await users.GeneratePasswordResetTokenAsync(admin);
            Check(await users.ResetPasswordAsync(admin, token, options.Password));
            await users.SetLockoutEndDateAsync(admin, null);
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
}
