namespace JobFair.Server.Features.Guidance.Pages;

/// <summary>The words of the counsellor's pages (GuidanceText.resx in Chinese, GuidanceText.en.resx in English).</summary>
public sealed class GuidanceText;
