using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace JobFair.Server.Features.Accounts;

/// <summary>
/// Identity's user manager without its lockout. Identity locks an account after failures from
/// anywhere, so anyone who knows an address (the admin's, say) could keep its owner out; failures
/// are counted per account and address by <see cref="SignInGuard"/> instead. Without lockout,
/// Identity also writes nothing on a failed password, so a failure costs the same whether or not
/// the account exists.
/// </summary>
public sealed class JobFairUserManager(IUserStore<User> store, IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<User> passwordHasher, IEnumerable<IUserValidator<User>> userValidators,
    IEnumerable<IPasswordValidator<User>> passwordValidators, ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors,
    IServiceProvider services, ILogger<UserManager<User>> logger)
    : UserManager<User>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override bool SupportsUserLockout => false;
}
