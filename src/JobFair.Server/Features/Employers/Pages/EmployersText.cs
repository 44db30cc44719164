namespace JobFair.Server.Features.Employers.Pages;

/// <summary>The words of the recruiter's pages (EmployersText.resx in Chinese, EmployersText.en.resx in English).</summary>
public sealed class EmployersText;
