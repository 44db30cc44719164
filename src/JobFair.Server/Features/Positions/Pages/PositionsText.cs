namespace JobFair.Server.Features.Positions.Pages;

/// <summary>The words of the position page (PositionsText.resx in Chinese, PositionsText.en.resx in English).</summary>
public sealed class PositionsText;
