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
