namespace JobFair.Server.Features.Stats.Pages;

/// <summary>The words of the fair dashboard and the national page (StatsText.resx in Chinese, StatsText.en.resx in English).</summary>
public sealed class StatsText;
