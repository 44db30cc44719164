namespace JobFair.Server.Features.Interviews.Pages;

/// <summary>The words of a student's interviews page (InterviewsText.resx in Chinese, InterviewsText.en.resx in English).</summary>
public sealed class InterviewsText;
