namespace JobFair.Server.Features.Applications.Pages;

/// <summary>The words of a student's applications page (ApplicationsText.resx in Chinese, ApplicationsText.en.resx in English).</summary>
public sealed class ApplicationsText;
