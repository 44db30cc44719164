namespace JobFair.Server.Features.Universities.Pages;

/// <summary>The words of the pairs page (UniversitiesText.resx in Chinese, UniversitiesText.en.resx in English).</summary>
public sealed class UniversitiesText;
