using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Positions;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Interviews;

/// <summary>
/// A time a recruiter offers for video interviews about one position (视频面试). Capacity 1 is a
/// one-to-one interview, more is a group session. <see cref="Booked"/> counts the seats taken;
/// it only ever changes by conditional SQL updates, never read-modify-write.
/// </summary>
public sealed class InterviewSlot
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PositionId { get; init; }
    public Guid EmployerId { get; init; }
    /// <summary>Who runs it: a recruiter's own slots never overlap (an exclusion constraint, 0006).</summary>
    public Guid RecruiterId { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public int Capacity { get; init; }
    public int Booked { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>
    /// The recruiter ran over: the slot's rooms close then instead of at <see cref="EndsAt"/>. The
    /// recruiter's no-overlap rule counts it (0012), so an extension never reaches into their next slot.
    /// </summary>
    public DateTimeOffset? ExtendedTo { get; init; }
}

/// <summary>
/// A student's seat in a slot for one invited application. The slot's times are copied here so
/// that PostgreSQL can refuse a student two overlapping bookings across all employers.
/// </summary>
public sealed class InterviewBooking
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid SlotId { get; init; }
    public Guid ApplicationId { get; init; }
    public Guid StudentId { get; init; }
    public Guid PositionId { get; init; }
    public Guid EmployerId { get; init; }
    public Guid FairId { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public string Status { get; init; } = BookingStatus.Booked;
    /// <summary>Cancelled less than <see cref="BookingStatus.LateCancelWindow"/> before the start.</summary>
    public bool LateCancel { get; init; }
    /// <summary>The role that cancelled it: student or recruiter.</summary>
    public string? CancelledBy { get; init; }
    /// <summary>Calendar revision (RFC 5545 SEQUENCE): bumped when the booking moves or is cancelled.</summary>
    public int Sequence { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public static class BookingStatus
{
    public const string Booked = "booked";
    public const string Cancelled = "cancelled";
    public const string Completed = "completed";
    public const string NoShow = "no_show";

    public static readonly string[] All = [Booked, Cancelled, Completed, NoShow];

    /// <summary>Cancelling closer to the start than this is allowed but recorded as late.</summary>
    public static readonly TimeSpan LateCancelWindow = TimeSpan.FromHours(2);
}

/// <summary>Slots were added to a position.</summary>
public sealed record SlotsPublished(Guid PositionId, Guid EmployerId, IReadOnlyList<Guid> SlotIds) : IDomainEvent;

/// <summary>
/// A booking was made, moved, cancelled or given its outcome. <c>PreviousSlotId</c> is set when
/// it moved: both slots' seats changed.
/// </summary>
public sealed record BookingChanged(Guid BookingId, string Change, Guid SlotId, Guid? PreviousSlotId, Guid PositionId,
    Guid EmployerId, Guid FairId, Guid StudentId, Guid ApplicationId, string Status, bool LateCancel) : IDomainEvent;

internal sealed class InterviewSlotConfiguration : IEntityTypeConfiguration<InterviewSlot>
{
    /// <summary>
    /// A recruiter's own slots, with their extensions, never overlap. An exclusion constraint EF
    /// cannot model: declared in 0006_interviews.sql, redefined with extensions in 0012_rooms.sql.
    /// </summary>
    public const string RecruiterOverlap = "ex_interview_slots_recruiter_overlap";

    public void Configure(EntityTypeBuilder<InterviewSlot> b)
    {
        b.ToTable("interview_slots", t =>
        {
            t.HasCheckConstraint("ck_interview_slots_period", "ends_at > starts_at");
            t.HasCheckConstraint("ck_interview_slots_seats", "capacity >= 1 AND booked >= 0 AND booked <= capacity");
            t.HasCheckConstraint("ck_interview_slots_extension", "extended_to IS NULL OR extended_to > ends_at");
        });
        b.HasIndex(s => new { s.PositionId, s.StartsAt });
        b.HasOne<Position>().WithMany().HasForeignKey(s => s.PositionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InterviewBookingConfiguration : IEntityTypeConfiguration<InterviewBooking>
{
    /// <summary>At most one active (not cancelled) booking per application.</summary>
    public const string OnePerApplication = "ix_interview_bookings_one_per_application";

    /// <summary>
    /// No two overlapping active bookings for one student, across all employers. An exclusion
    /// constraint EF cannot model, declared in 0006_interviews.sql only; deferred, so it is checked at commit.
    /// </summary>
    public const string StudentOverlap = "ex_interview_bookings_student_overlap";

    public void Configure(EntityTypeBuilder<InterviewBooking> b)
    {
        b.ToTable("interview_bookings");
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.CancelledBy).HasMaxLength(20);
        b.HasIndex(x => x.ApplicationId).IsUnique().HasFilter("status <> 'cancelled'")
            .HasDatabaseName(OnePerApplication);
        b.HasIndex(x => x.SlotId);
        b.HasIndex(x => new { x.StudentId, x.StartsAt });
        b.HasIndex(x => new { x.EmployerId, x.StartsAt });
        // A fair's bookings by state: its breakdown and its figures' recount (0029).
        b.HasIndex(x => new { x.FairId, x.Status });
        // Bookings about to start, for the room reminders.
        b.HasIndex(x => x.StartsAt).HasFilter("status = 'booked'");
        b.HasOne<InterviewSlot>().WithMany().HasForeignKey(x => x.SlotId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Application>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Restrict);
    }
}
