namespace JobFair.Server.Features.Fairs.Pages;

/// <summary>The words of the fair pages (FairsText.resx in Chinese, FairsText.en.resx in English).</summary>
public sealed class FairsText;
