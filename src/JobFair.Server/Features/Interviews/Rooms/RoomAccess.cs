using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Fairs.Booths;
using JobFair.Server.Features.Students;

namespace JobFair.Server.Features.Interviews.Rooms;

/// <summary>The kinds of room. Each finds its rooms by id and says who sits on each side and when it is open.</summary>
public static class RoomKinds
{
    /// <summary>A booked interview; its room id is the booking id.</summary>
    public const string Booking = "booking";
    /// <summary>A walk-up talk at a booth (issue 17); its room id is the called queue entry's id.</summary>
    public const string BoothTalk = "booth_talk";
}

/// <summary>
/// What the room rules need to know of one room, whatever its kind: the student and the employer
/// on its two sides (and the user who speaks for each: the student's account and the recruiter
/// who runs it), when it opens, starts, ends and closes (the end plus any extension), and whether
/// it was called off. Names are for the page and the chat.
/// </summary>
public sealed record RoomFacts(Guid RoomId, string Kind, Guid StudentId, Guid? StudentUserId, Guid EmployerId, Guid RecruiterUserId,
    DateTimeOffset OpensAt, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset ClosesAt, bool CalledOff,
    string Title, string StudentName, string EmployerName);

/// <summary>A caller's place in a room: the side they sit on, as found by <see cref="RoomAccess"/>.</summary>
public sealed record RoomPass(RoomFacts Room, string Side, Guid UserId)
{
    public Guid RoomId => Room.RoomId;
    public string OtherSide => RoomSide.Other(Side);

    /// <summary>How the other side is named to this one: the employer to the student, the student to the recruiter.</summary>
    public string OtherName => Side == RoomSide.Student ? Room.EmployerName : Room.StudentName;

    /// <summary>How this side signs its chat lines.</summary>
    public string OwnName => Side == RoomSide.Student ? Room.StudentName : Room.EmployerName;
}

/// <summary>
/// Who may be in a room, and when: the one rule behind the room route, the room page and every
/// room hub method. Exactly the room's two sides get in: its student, and the recruiters of its
/// employer. Everyone else meets the same 404 as if the room did not exist. A side gets in from
/// the room's opening (10 minutes before a booked start) until it closes.
/// </summary>
public static class RoomAccess
{
    public static readonly Refusal NotFound = Refusal.NotFound("room");
    public static readonly Refusal CalledOff = Bookings.NotActive.Saying("This interview was cancelled.");
    /// <summary>Its problem also carries <c>opensAt</c>, in the caller's zone.</summary>
    public static readonly Refusal NotOpenYet = Refusal.Conflict("room_not_open", "The room opens 10 minutes before the interview starts.");
    public static readonly Refusal Closed = Refusal.Conflict("room_closed", "The interview has ended; its room is closed.");

    /// <summary>The room with this id, of the given kind or of any kind; null when there is none.</summary>
    public static async Task<RoomFacts?> FindAsync(JobFairDb db, Guid roomId, CancellationToken ct, string? kind = null)
    {
        if (kind is null or RoomKinds.Booking && await BookingRooms.FindAsync(db, roomId, ct) is { } booking) return booking;
        if (kind is null or RoomKinds.BoothTalk && await FindBoothTalkAsync(db, roomId, ct) is { } talk) return talk;
        return null;
    }

    /// <summary>
    /// EXTENSION POINT, kind <see cref="RoomKinds.BoothTalk"/> (issue 17): a called queue entry's
    /// room, open from the call until the talk ends (before the student came: their 60 seconds to
    /// answer). The page, hub, record and chat serve it as any room; the booking routes do not.
    /// </summary>
    private static async Task<RoomFacts?> FindBoothTalkAsync(JobFairDb db, Guid roomId, CancellationToken ct) =>
        await BoothRooms.FindAsync(db, roomId, ct) is { } talk
            ? new RoomFacts(talk.RoomId, RoomKinds.BoothTalk, talk.StudentId, talk.StudentUserId, talk.EmployerId, talk.RecruiterUserId,
                talk.OpensAt, talk.OpensAt, talk.ClosesAt, talk.ClosesAt, CalledOff: false, talk.EmployerName, talk.StudentName,
                talk.EmployerName)
            : null;

    /// <summary>
    /// EXTENSION POINT: tells the room's kind that a side came in, before the visit is recorded. A
    /// booth talk starts when its student comes in, and refuses a student whose call expired.
    /// </summary>
    internal static Task<Refusal?> ReportJoinAsync(JobFairDb db, TimeProvider time, RoomPass pass, CancellationToken ct) =>
        pass.Room.Kind == RoomKinds.BoothTalk
            ? BoothRooms.RecordJoinAsync(db, time, pass.RoomId, pass.UserId, ct)
            : Task.FromResult<Refusal?>(null);

    /// <summary>
    /// EXTENSION POINT: a side pressed Leave (not a dropped connection: a phone changing network
    /// comes back). Leaving a booth talk ends it.
    /// </summary>
    internal static async Task ReportLeaveAsync(JobFairDb db, TimeProvider time, Guid roomId, Guid userId, CancellationToken ct)
    {
        if (await FindAsync(db, roomId, ct, RoomKinds.BoothTalk) is not null) await BoothRooms.RecordLeaveAsync(db, time, roomId, userId, ct);
    }

    /// <summary>The caller's side of the room, at any time (reading the chat afterwards needs no open room); otherwise 404.</summary>
    public static async Task<Outcome<RoomPass>> MemberAsync(JobFairDb db, CurrentUser caller, Guid roomId, CancellationToken ct,
        string? kind = null)
    {
        if (await FindAsync(db, roomId, ct, kind) is not { } room) return NotFound;
        if (await SideAsync(caller, room.StudentId, room.EmployerId, ct) is not { } side) return NotFound;
        return new RoomPass(room, side, caller.Id!.Value);
    }

    /// <summary>The caller's side of the room while it is open: its members outside the window are told when it opens or that it closed.</summary>
    public static async Task<Outcome<RoomPass>> EnterAsync(JobFairDb db, CurrentUser caller, Guid roomId, DateTimeOffset now,
        CancellationToken ct, string? kind = null)
    {
        var member = await MemberAsync(db, caller, roomId, ct, kind);
        if (member.IsRefused(out var refusal)) return refusal;
        var room = member.Value.Room;
        if (room.CalledOff) return CalledOff;
        if (now < room.OpensAt) return NotOpenYet.With("opensAt", TimeZoneInfo.ConvertTime(room.OpensAt, await caller.ZoneAsync(ct)));
        if (now >= room.ClosesAt) return Closed;
        return member;
    }

    /// <summary>
    /// The side a caller sits on for a student and an employer: the student themself, or a recruiter
    /// of the employer. Null for anyone else. Bookings use the same rule (<see cref="Bookings.FindAsync"/>).
    /// </summary>
    internal static async Task<string?> SideAsync(CurrentUser caller, Guid studentId, Guid employerId, CancellationToken ct)
    {
        if (caller.IsIn(Roles.Recruiter) && await caller.EmployerAsync(ct) == employerId) return RoomSide.Recruiter;
        if (caller.IsIn(Roles.Student) && await caller.StudentIdAsync(ct) == studentId) return RoomSide.Student;
        return null;
    }
}
