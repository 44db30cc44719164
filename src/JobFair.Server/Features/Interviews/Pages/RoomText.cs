namespace JobFair.Server.Features.Interviews.Pages;

/// <summary>The words of the video-interview room (RoomText.resx in Chinese, RoomText.en.resx in English).</summary>
public sealed class RoomText;
