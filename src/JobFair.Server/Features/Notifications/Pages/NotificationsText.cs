namespace JobFair.Server.Features.Notifications.Pages;

/// <summary>The words of the notification list (NotificationsText.resx in Chinese, NotificationsText.en.resx in English).</summary>
public sealed class NotificationsText;
