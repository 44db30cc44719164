using JobFair.Server.Features.Accounts;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Notifications;

/// <summary>
/// Something a user should see even if they were offline when it happened. The text is written
/// once, in Simplified Chinese (users have no language of their own yet, and a notification
/// should read later as it did when it arrived); <see cref="Kind"/> is stable for clients that
/// want to show their own text. Kinds that keep their <see cref="Parameters"/> (pushes, reminders)
/// are written again in the reader's language when listed (<see cref="NotificationTexts"/>).
/// </summary>
public sealed class Notification
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    /// <summary>Where the web pages show the matter, relative to the site.</summary>
    public string? Link { get; init; }
    /// <summary>What the text was made from (JSON), for the kinds <see cref="NotificationTexts"/> can write in another language.</summary>
    public string? Parameters { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; set; }
}

public static class NotificationKinds
{
    public const string ApplicationReceived = "application_received";
    public const string ApplicationStatus = "application_status";
    public const string InterviewInvited = "interview_invited";
    public const string ParticipationRequested = "participation_requested";
    public const string ParticipationDecided = "participation_decided";
    public const string FairInvitation = "fair_invitation";
    public const string PositionRecommended = "position_recommended";
    public const string ApplicationsUnread = "applications_unread";
    /// <summary>A booked video interview starts in 15 minutes; the link is its room.</summary>
    public const string InterviewReminder = "interview_reminder";
}

/// <summary>A notification was stored; the live bridge pushes it to its user's connections on every node.</summary>
public sealed record NotificationCreated(Guid NotificationId, Guid UserId, string Kind, string Title, string Body, string? Link,
    DateTimeOffset CreatedAt) : IDomainEvent;

public static class NotificationWriter
{
    /// <summary>
    /// Stores a notification for one user and queues its push (<see cref="NotificationCreated"/>),
    /// both saved with the caller's changes: the user hears of it exactly when the change commits.
    /// </summary>
    public static void Notify(this JobFairDb db, TimeProvider time, Guid userId, string kind, string title, string body, string? link,
        DateTimeOffset at, string? parameters = null)
    {
        var notification = new Notification
        {
            UserId = userId, Kind = kind, Title = title, Body = body, Link = link, Parameters = parameters, CreatedAt = at,
        };
        db.Notifications.Add(notification);
        db.Publish(new NotificationCreated(notification.Id, userId, kind, title, body, link, at), time);
    }
}

public sealed record NotificationResponse(Guid Id, string Kind, string Title, string Body, string? Link,
    DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.Kind).HasMaxLength(40);
        b.Property(n => n.Title).HasMaxLength(200);
        b.Property(n => n.Body).HasMaxLength(2000);
        b.Property(n => n.Link).HasMaxLength(300);
        b.Property(n => n.Parameters).HasColumnType("jsonb");
        // A user's list, newest first; and their unread ones (the badge, the unread filter).
        b.HasIndex(n => new { n.UserId, n.CreatedAt });
        b.HasIndex(n => new { n.UserId, n.CreatedAt }, "ix_notifications_unread").HasFilter("read_at IS NULL");
        b.HasOne<User>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
