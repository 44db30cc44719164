using Microsoft.AspNetCore.SignalR;

namespace JobFair.Server.Live;

/// <summary>
/// What the server sends to hub clients: one method per event of the contract, named on the wire
/// exactly as the contract names it. Send through <c>IHubContext&lt;LiveHub, ILiveClient&gt;</c>,
/// never with string event names.
/// </summary>
public interface ILiveClient
{
    /// <summary>To a fair's watchers, at most once a second per fair, with the latest figures.</summary>
    [HubMethodName("fairStats")] Task FairStats(Features.Stats.FairStatsResponse payload);

    /// <summary>To the employer's group.</summary>
    [HubMethodName("applicationReceived")] Task ApplicationReceived(ApplicationReceivedPayload payload);

    /// <summary>To the student's user group.</summary>
    [HubMethodName("applicationChanged")] Task ApplicationChanged(ApplicationChangedPayload payload);

    /// <summary>To the student's user group.</summary>
    [HubMethodName("interviewInvited")] Task InterviewInvited(InterviewInvitedPayload payload);

    /// <summary>To a position's watchers.</summary>
    [HubMethodName("slotsChanged")] Task SlotsChanged(SlotsChangedPayload payload);

    /// <summary>To the university groups of both hosts.</summary>
    [HubMethodName("participationRequested")] Task ParticipationRequested(ParticipationRequestedPayload payload);

    /// <summary>To the employer's group.</summary>
    [HubMethodName("participationDecided")] Task ParticipationDecided(ParticipationDecidedPayload payload);

    /// <summary>To one user's group; the same notification is stored (GET /api/me/notifications).</summary>
    [HubMethodName("notification")] Task Notification(NotificationPayload payload);

    /// <summary>To a waiting student's user group, whenever their place or estimate may have changed.</summary>
    [HubMethodName("queuePosition")] Task QueuePosition(QueuePositionPayload payload);

    /// <summary>To the student's user group, when a recruiter calls them into the room.</summary>
    [HubMethodName("called")] Task Called(CalledPayload payload);

    /// <summary>To the employer's group and the fair's watchers, whenever a booth's line or state changes.</summary>
    [HubMethodName("queueChanged")] Task QueueChanged(QueueChangedPayload payload);

    /// <summary>To the student's user group, when their entry ends without a talk, with the reason (also a stored notification).</summary>
    [HubMethodName("queueLeft")] Task QueueLeft(QueueLeftPayload payload);
}


/// <summary>Never the phone or anything else personal beyond what the employer sees in its application list.</summary>
public sealed record ApplicantSummary(string Name, string University, string Major);

public sealed record ApplicationReceivedPayload(Guid ApplicationId, Guid PositionId, Guid FairId, ApplicantSummary Student);

public sealed record ApplicationChangedPayload(Guid ApplicationId, Guid PositionId, string Status);

public sealed record EmployerSummary(string Name);

public sealed record InterviewInvitedPayload(Guid ApplicationId, Guid PositionId, EmployerSummary Employer);

public sealed record SlotsChangedPayload(Guid PositionId, Guid SlotId, int Capacity, int Booked);

public sealed record ParticipationRequestedPayload(Guid FairId, Guid EmployerId, string EmployerName);

public sealed record ParticipationDecidedPayload(Guid FairId, string Status);

public sealed record NotificationPayload(Guid Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt);

/// <summary>
/// <c>position</c> 1 is next to be called; the estimate is a range (<c>etaMinutesLow</c>..<c>etaMinutesHigh</c>) around
/// <c>etaMinutes</c>. <c>asOf</c>: the moment the line was read; a client keeps the latest it has seen.
/// </summary>
public sealed record QueuePositionPayload(Guid FairId, Guid EmployerId, Guid EntryId, int Position, int Ahead, int EtaMinutes,
    int EtaMinutesLow, int EtaMinutesHigh, DateTimeOffset AsOf);

/// <summary>The student must come into <c>roomUrl</c> before <c>expiresAt</c> (60 seconds) or is skipped.</summary>
public sealed record CalledPayload(Guid FairId, Guid EmployerId, Guid EntryId, string RoomUrl, DateTimeOffset ExpiresAt);

public sealed record QueueChangedPayload(Guid FairId, Guid EmployerId, int Waiting, bool Open, string Status, int EtaMinutes,
    int EtaMinutesLow, int EtaMinutesHigh, DateTimeOffset AsOf);

/// <summary><c>reason</c>: left, skipped, call_expired, booth_closed or fair_ended.</summary>
public sealed record QueueLeftPayload(Guid FairId, Guid EmployerId, Guid EntryId, string Reason);
