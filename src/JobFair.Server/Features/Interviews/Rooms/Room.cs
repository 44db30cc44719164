using JobFair.Server.Features.Accounts;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>
/// The two sides of a room. A room is 1:1: the student on one side, the employer's recruiters on
/// the other. The names are the roles, so the room answer's <c>role</c> reads the same.
/// </summary>
public static class RoomSide
{
    public const string Student = Roles.Student;
    public const string Recruiter = Roles.Recruiter;

    public static string Other(string side) => side == Student ? Recruiter : Student;
}

/// <summary>
/// One stay of one side in a room, from joining to leaving, on one hub connection. Stored for the
/// record (the recruiter's completed / no-show outcome is proposed from them); an open visit
/// (<see cref="LeftAt"/> null) is presence. Keyed by room id, whatever kind of room it is.
/// </summary>
public sealed class RoomVisit
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid RoomId { get; init; }
    public required string Side { get; init; }
    public Guid UserId { get; init; }
    /// <summary>The hub connection it came in on: a dropped connection ends its visits.</summary>
    public required string ConnectionId { get; init; }
    public DateTimeOffset JoinedAt { get; init; }
    public DateTimeOffset? LeftAt { get; init; }
}

/// <summary>A line of the room's text chat, kept with the room and readable by both sides afterwards.</summary>
public sealed class RoomChatLine
{
    public const int MaxLength = 1000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid RoomId { get; init; }
    public required string Side { get; init; }
    public Guid UserId { get; init; }
    public required string Text { get; init; }
    public DateTimeOffset SentAt { get; init; }
}

/// <summary>
/// A reminder sent for a room starting at <see cref="StartsAt"/>. The primary key makes it once
/// per start, whichever node gets there first; a booking moved to another time is reminded again.
/// </summary>
public sealed class RoomReminder
{
    public Guid RoomId { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset SentAt { get; init; }
}

/// <summary>A side came into the room or left it (<paramref name="Present"/>): the other side sees it live.</summary>
public sealed record RoomPresenceChanged(Guid RoomId, string Side, bool Present, DateTimeOffset At) : IDomainEvent;

/// <summary>A chat line was stored; both sides see it live.</summary>
public sealed record RoomChatPosted(Guid RoomId, Guid LineId, string Side, string Author, string Text, DateTimeOffset SentAt) : IDomainEvent;

/// <summary>The recruiter gave the room more time: it now closes at <paramref name="ClosesAt"/>.</summary>
public sealed record RoomExtended(Guid RoomId, DateTimeOffset ClosesAt) : IDomainEvent;

/// <summary>
/// An offer, answer or ICE candidate for the other side of a room. Not an event of the outbox:
/// it changes nothing stored and is worthless seconds later (WebRTC restarts ICE rather than
/// replaying old candidates), so it goes straight onto the bus to every node's relay.
/// </summary>
public sealed record RoomSignalled(Guid RoomId, string ToSide, string FromSide, string Payload);

internal sealed class RoomVisitConfiguration : IEntityTypeConfiguration<RoomVisit>
{
    public void Configure(EntityTypeBuilder<RoomVisit> b)
    {
        b.ToTable("room_visits");
        b.Property(v => v.Side).HasMaxLength(20);
        b.Property(v => v.ConnectionId).HasMaxLength(100);
        b.HasIndex(v => new { v.RoomId, v.Side });
        // A dropped connection's open visits are found by it.
        b.HasIndex(v => v.ConnectionId).HasFilter("left_at IS NULL");
    }
}

internal sealed class RoomChatLineConfiguration : IEntityTypeConfiguration<RoomChatLine>
{
    public void Configure(EntityTypeBuilder<RoomChatLine> b)
    {
        b.ToTable("room_chat_lines");
        b.Property(l => l.Side).HasMaxLength(20);
        b.Property(l => l.Text).HasMaxLength(RoomChatLine.MaxLength);
        b.HasIndex(l => new { l.RoomId, l.SentAt });
    }
}

internal sealed class RoomReminderConfiguration : IEntityTypeConfiguration<RoomReminder>
{
    public void Configure(EntityTypeBuilder<RoomReminder> b)
    {
        b.ToTable("room_reminders");
        b.HasKey(r => new { r.RoomId, r.StartsAt });
    }
}
