using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Students;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>
/// An approved employer's booth in a fair, where students walk up and wait in line. Every approved
/// employer has one; its row appears when a recruiter first sets it (until then it is closed).
/// </summary>
public sealed class Booth
{
    public Guid FairId { get; init; }
    public Guid EmployerId { get; init; }
    public string Status { get; set; } = BoothStatus.Closed;
    /// <summary>At most this many wait at once.</summary>
    public int Cap { get; set; }
    /// <summary>The recruiters' own guess of a talk's length, used until the booth has talks of its own to learn from.</summary>
    public int MinutesPerTalk { get; set; }
    /// <summary>The last ticket handed out: each joiner takes the next, under this row's lock, so places follow arrival.</summary>
    public long LastTicket { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid UpdatedBy { get; set; }
}

public static class BoothStatus
{
    /// <summary>Takes walk-ups.</summary>
    public const string Open = "open";
    /// <summary>Takes nobody new; those waiting keep their places and are still called.</summary>
    public const string Paused = "paused";
    /// <summary>No line: closing it sends everyone waiting away, each told why.</summary>
    public const string Closed = "closed";

    public static readonly string[] All = [Open, Paused, Closed];
}

/// <summary>
/// One student's walk-up to a booth: waiting in line (its <see cref="Ticket"/> orders the line),
/// then called into a room with a recruiter (the entry's id is the room's id), then served,
/// skipped or departed. Ended entries stay: they are the booth's figures.
/// </summary>
public sealed class QueueEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid FairId { get; init; }
    public Guid EmployerId { get; init; }
    public Guid StudentId { get; init; }
    public long Ticket { get; init; }
    /// <summary>
    /// Which of the student's three places in lines this entry takes while it waits: unique per
    /// student among waiting entries and between 1 and 3, so a fourth line is refused by the database.
    /// </summary>
    public short HolderSlot { get; init; }
    public string Status { get; set; } = EntryStatus.Waiting;
    /// <summary>Why a skipped or departed entry ended (<see cref="EndReason"/>).</summary>
    public string? Reason { get; set; }
    public DateTimeOffset JoinedAt { get; init; }
    public DateTimeOffset? CalledAt { get; set; }
    /// <summary>The recruiter (user) who called the student: the other side of the room.</summary>
    public Guid? CalledBy { get; set; }
    public DateTimeOffset? CallExpiresAt { get; set; }
    /// <summary>When the called student came into the room: the talk's start.</summary>
    public DateTimeOffset? EnteredAt { get; set; }
    public DateTimeOffset? TalkEndedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}

public static class EntryStatus
{
    public const string Waiting = "waiting";
    public const string Called = "called";
    public const string Served = "served";
    public const string Skipped = "skipped";
    public const string Departed = "departed";

    public static readonly string[] All = [Waiting, Called, Served, Skipped, Departed];
}

/// <summary>Why a student is no longer in line; each is told to them (stored notification and <c>queueLeft</c>).</summary>
public static class EndReason
{
    public const string Left = "left";
    public const string Skipped = "skipped";
    public const string CallExpired = "call_expired";
    public const string BoothClosed = "booth_closed";
    public const string FairEnded = "fair_ended";
}

/// <summary>
/// A booth's line moved: the places of waiting entries from ticket <see cref="FromTicket"/> on may
/// have changed (0: every place, e.g. the estimate changed; <see cref="long.MaxValue"/>: none, only the booth).
/// </summary>
public sealed record BoothLineMoved(Guid FairId, Guid EmployerId, long FromTicket) : IDomainEvent
{
    public const long NoPlaces = long.MaxValue;
}

/// <summary>A recruiter called a waiting student into the room <see cref="EntryId"/>.</summary>
public sealed record StudentCalled(Guid EntryId, Guid FairId, Guid EmployerId, Guid StudentUserId, DateTimeOffset ExpiresAt) : IDomainEvent;

/// <summary>A student's entry ended without a talk, for <see cref="Reason"/> (<see cref="EndReason"/>).</summary>
public sealed record StudentLeftLine(Guid EntryId, Guid FairId, Guid EmployerId, Guid StudentUserId, string Reason) : IDomainEvent;

internal sealed class BoothConfiguration : IEntityTypeConfiguration<Booth>
{
    public void Configure(EntityTypeBuilder<Booth> b)
    {
        b.HasKey(x => new { x.FairId, x.EmployerId });
        b.Property(x => x.Status).HasMaxLength(20);
        b.HasOne<Fair>().WithMany().HasForeignKey(x => x.FairId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Employer>().WithMany().HasForeignKey(x => x.EmployerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.EmployerId);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_booths_status", "status IN ('open', 'paused', 'closed')");
            t.HasCheckConstraint("ck_booths_cap", "cap BETWEEN 1 AND 2000");
            t.HasCheckConstraint("ck_booths_minutes_per_talk", "minutes_per_talk BETWEEN 1 AND 120");
        });
    }
}

internal sealed class QueueEntryConfiguration : IEntityTypeConfiguration<QueueEntry>
{
    /// <summary>A student waits at most once in one booth's line.</summary>
    public const string OneWaitingPerBooth = "ix_booth_queue_entries_one_waiting_per_booth";
    /// <summary>A student waits in at most three lines: each waiting entry holds one of their slots 1..3.</summary>
    public const string ThreeLinesPerStudent = "ix_booth_queue_entries_three_lines_per_student";
    /// <summary>No two entries of a booth ever hold the same ticket, so no two students the same place.</summary>
    public const string OnePlacePerTicket = "ix_booth_queue_entries_one_place_per_ticket";
    /// <summary>
    /// A booth's waiting entries in ticket order (0028). Named: unnamed, HasIndex on these columns would find
    /// <see cref="OnePlacePerTicket"/> and put the filter on it.
    /// </summary>
    public const string WaitingLine = "ix_booth_queue_entries_waiting_line";

    public void Configure(EntityTypeBuilder<QueueEntry> b)
    {
        b.ToTable("booth_queue_entries", t =>
        {
            t.HasCheckConstraint("ck_booth_queue_entries_holder_slot", "holder_slot BETWEEN 1 AND 3");
            t.HasCheckConstraint("ck_booth_queue_entries_status", "status IN ('waiting', 'called', 'served', 'skipped', 'departed')");
        });
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.Reason).HasMaxLength(20);
        b.HasOne<Booth>().WithMany().HasForeignKey(x => new { x.FairId, x.EmployerId }).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.FairId, x.EmployerId, x.Ticket }).IsUnique().HasDatabaseName(OnePlacePerTicket);
        b.HasIndex(x => new { x.FairId, x.EmployerId, x.StudentId }).IsUnique().HasFilter("status = 'waiting'")
            .HasDatabaseName(OneWaitingPerBooth);
        b.HasIndex(x => new { x.StudentId, x.HolderSlot }).IsUnique().HasFilter("status = 'waiting'")
            .HasDatabaseName(ThreeLinesPerStudent);
        // The waiting line in ticket order (CallNext, QueueLine, GetLine, a student's place).
        b.HasIndex(x => new { x.FairId, x.EmployerId, x.Ticket }, WaitingLine).HasFilter("status = 'waiting'");
        // The calls that may expire (CallExpiry) and the talks of a recruiter (CallNext ends them).
        b.HasIndex(x => x.CallExpiresAt).HasFilter("status = 'called'");
        b.HasIndex(x => x.CalledBy).HasFilter("status = 'called'");
        // A booth's recent talks (the estimate) and everything a student did (their own entry).
        b.HasIndex(x => new { x.FairId, x.EmployerId, x.TalkEndedAt }).HasFilter("status = 'served'");
        b.HasIndex(x => new { x.StudentId, x.JoinedAt });
    }
}
