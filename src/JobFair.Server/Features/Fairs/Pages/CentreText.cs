namespace JobFair.Server.Features.Fairs.Pages;

/// <summary>The words of the career centre's pages (CentreText.resx in Chinese, CentreText.en.resx in English).</summary>
public sealed class CentreText;
