using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Support;

/// <summary>An account someone signs in with.</summary>
public sealed record Account(string Email, string Password = Callers.Password);

/// <summary>
/// Accounts of each role, arranged through the public API (as JobFair.Tests does), and signing in
/// and out through the pages, as a person would.
/// </summary>
public static class Accounts
{
    /// <summary>A registered account that has no role yet.</summary>
    public static async Task<Account> NewcomerAccountAsync(this WebApp app)
    {
        using var api = await app.RegisterAsync(Callers.NewEmail("newcomer"));
        return new Account(api.Email!);
    }

    public static Account AdminAccount(this WebApp app) => new(JobFairApp.AdminEmail, JobFairApp.AdminPassword);

    /// <summary>Career-centre staff of the supported university of the first pair.</summary>
    public static async Task<Account> CentreAccountAsync(this WebApp app)
    {
        var (_, supported, _) = await app.FirstPairAsync();
        using var api = await app.CentreAsync(supported);
        return new Account(api.Email!);
    }

    public static async Task<Account> RecruiterAccountAsync(this WebApp app)
    {
        var (api, _) = await FairWorld.RecruiterAsync(app);
        using (api) return new Account(api.Email!);
    }

    /// <summary>A verified student of the supported university of the first pair.</summary>
    public static async Task<Account> StudentAccountAsync(this WebApp app)
    {
        var (_, supported, _) = await app.FirstPairAsync();
        var (api, _) = await app.StudentAsync(supported);
        using (api) return new Account(api.Email!);
    }

    /// <summary>Signs in through /login (with this return address, if any) and waits for where it leads.</summary>
    public static async Task SignInAsync(this Visitor visitor, Account account, string? returnUrl = null)
    {
        await visitor.GoToAsync(returnUrl is null ? "/login" : "/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await visitor.FillSignInFormAsync(account);
        await visitor.Page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.Equals("/login", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.Commit }); // the new page's loading is SettleAsync's to wait for and explain
        await visitor.SettleAsync();
    }

    /// <summary>Types the account into the sign-in form on the page and sends it.</summary>
    public static async Task FillSignInFormAsync(this Visitor visitor, Account account)
    {
        var form = visitor.Page.Locator("main form");
        await form.Locator("input[type=email]").FillAsync(account.Email);
        await form.Locator("input[type=password]").FillAsync(account.Password);
        await form.Locator("button[type=submit]").ClickAsync();
    }
}
