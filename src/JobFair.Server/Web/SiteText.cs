namespace JobFair.Server.Web;

/// <summary>
/// Words shared by every page (SiteText.resx in Chinese, SiteText.en.resx in English): the layout,
/// forms, error pages, status words, formats and the refusals of the use cases
/// (<c>Refusal.&lt;code&gt;</c>). A capability's own pages keep theirs beside them
/// (e.g. <c>Features/Accounts/Pages/AccountsText</c>). Keys read page-or-area.purpose.
/// </summary>
public sealed class SiteText;
