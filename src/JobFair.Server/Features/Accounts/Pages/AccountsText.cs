namespace JobFair.Server.Features.Accounts.Pages;

/// <summary>The words of the sign-in pages (AccountsText.resx in Chinese, AccountsText.en.resx in English).</summary>
public sealed class AccountsText;
