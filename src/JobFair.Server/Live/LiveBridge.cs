using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Fairs.Booths;
using JobFair.Server.Features.Interviews;
using JobFair.Server.Features.Notifications;
using JobFair.Server.Features.Stats;
using MassTransit;
using Microsoft.AspNetCore.SignalR;

namespace JobFair.Server.Live;

/// <summary>
/// From committed domain events to this node's hub connections, each to exactly the audience
/// the contract names. Every node runs its own (<see cref="INodeLocalConsumer"/>, its own
/// endpoint per node: see <see cref="LiveBridgeDefinition"/>), since a node can reach only its
/// own connections. What an event lacks is read from the database.
/// </summary>
public sealed class LiveBridge(IHubContext<LiveHub, ILiveClient> hub, JobFairDb db, LocalConsumers consumers, TimeProvider time) :
    IConsumer<ApplicationSubmitted>, IConsumer<ApplicationStatusChanged>, IConsumer<ParticipationRequested>,
    IConsumer<ParticipationDecided>, IConsumer<NotificationCreated>, IConsumer<FairStatsChanged>, IConsumer<SlotsPublished>,
    IConsumer<BookingChanged>, IConsumer<BoothLineMoved>, IConsumer<StudentCalled>, IConsumer<StudentLeftLine>, INodeLocalConsumer
{
    public Task Consume(ConsumeContext<ApplicationSubmitted> context) => Push(context, () =>
    {
        var e = context.Message;
        return hub.Clients.Group(LiveGroups.Employer(e.EmployerId)).ApplicationReceived(new ApplicationReceivedPayload(
            e.ApplicationId, e.PositionId, e.FairId, new ApplicantSummary(e.StudentName, e.UniversityName, e.Major)));
    });

    public Task Consume(ConsumeContext<ApplicationStatusChanged> context) => Once(context, async ct =>
    {
        var e = context.Message;
        if (await db.Students.Where(s => s.Id == e.StudentId).Select(s => s.UserId).SingleOrDefaultAsync(ct) is not { } userId) return;
        var student = hub.Clients.Group(LiveGroups.User(userId));
        await student.ApplicationChanged(new ApplicationChangedPayload(e.ApplicationId, e.PositionId, e.To));
        if (e.To == ApplicationStatus.InterviewInvited)
        {
            var employer = await db.Employers.Where(x => x.Id == e.EmployerId).Select(x => x.Name).SingleAsync(ct);
            await student.InterviewInvited(new InterviewInvitedPayload(e.ApplicationId, e.PositionId, new EmployerSummary(employer)));
        }
    });

    public Task Consume(ConsumeContext<ParticipationRequested> context) => Once(context, async ct =>
    {
        var e = context.Message;
        var hosts = await db.Fairs.Where(f => f.Id == e.FairId).Select(f => new { f.Pair.SupportedId, f.Pair.SupportingId }).SingleAsync(ct);
        await hub.Clients.Groups(LiveGroups.University(hosts.SupportedId), LiveGroups.University(hosts.SupportingId))
            .ParticipationRequested(new ParticipationRequestedPayload(e.FairId, e.EmployerId, e.EmployerName));
    });

    public Task Consume(ConsumeContext<ParticipationDecided> context) => Push(context, () =>
    {
        var e = context.Message;
        return hub.Clients.Group(LiveGroups.Employer(e.EmployerId)).ParticipationDecided(new ParticipationDecidedPayload(e.FairId, e.Status));
    });

    public Task Consume(ConsumeContext<NotificationCreated> context) => Push(context, () =>
    {
        var e = context.Message;
        return hub.Clients.Group(LiveGroups.User(e.UserId))
            .Notification(new NotificationPayload(e.NotificationId, e.Kind, e.Title, e.Body, e.Link, e.CreatedAt));
    });

    /// <summary>Counted at most once a second per fair by FairStatsRefresher: sent as counted, the latest figures.</summary>
    public Task Consume(ConsumeContext<FairStatsChanged> context) => Push(context, () =>
        hub.Clients.Group(LiveGroups.Fair(context.Message.Stats.FairId)).FairStats(context.Message.Stats));

    public Task Consume(ConsumeContext<SlotsPublished> context) =>
        Once(context, ct => SendSlotsAsync(context.Message.PositionId, context.Message.SlotIds, ct));

    /// <summary>A booking changes the seats of its slot, and of the slot it left when it moved.</summary>
    public Task Consume(ConsumeContext<BookingChanged> context) => Once(context, ct =>
    {
        var e = context.Message;
        return SendSlotsAsync(e.PositionId, e.PreviousSlotId is { } previous ? [previous, e.SlotId] : [e.SlotId], ct);
    });

    /// <summary>
    /// The line as it is now (never as the event saw it, so a late event shows nothing stale): each
    /// waiting student whose place may have moved gets theirs, the recruiters and the fair's watchers the booth.
    /// </summary>
    public Task Consume(ConsumeContext<BoothLineMoved> context) => Once(context, async ct =>
    {
        var e = context.Message;
        var line = await QueueLine.ReadAsync(db, e.FairId, e.EmployerId, time.GetUtcNow(), ct);
        foreach (var place in line.Places.Where(p => p.Ticket >= e.FromTicket))
            await hub.Clients.Group(LiveGroups.User(place.UserId)).QueuePosition(new QueuePositionPayload(e.FairId, e.EmployerId,
                place.EntryId, place.Position, place.Position - 1, place.Eta.Minutes, place.Eta.Low, place.Eta.High, line.AsOf));
        var booth = line.Booth;
        await hub.Clients.Groups(LiveGroups.Employer(e.EmployerId), LiveGroups.Fair(e.FairId)).QueueChanged(new QueueChangedPayload(
            e.FairId, e.EmployerId, booth.Waiting, booth.Open, booth.Status, booth.EtaMinutes, booth.EtaMinutesLow, booth.EtaMinutesHigh, line.AsOf));
    });

    public Task Consume(ConsumeContext<StudentCalled> context) => Push(context, () =>
    {
        var e = context.Message;
        return hub.Clients.Group(LiveGroups.User(e.StudentUserId))
            .Called(new CalledPayload(e.FairId, e.EmployerId, e.EntryId, BoothAccess.RoomUrl(e.EntryId), e.ExpiresAt));
    });

    public Task Consume(ConsumeContext<StudentLeftLine> context) => Push(context, () =>
    {
        var e = context.Message;
        return hub.Clients.Group(LiveGroups.User(e.StudentUserId)).QueueLeft(new QueueLeftPayload(e.FairId, e.EmployerId, e.EntryId, e.Reason));
    });

    /// <summary>The slots' seats as they are now, so a late or repeated event never shows stale figures.</summary>
    private async Task SendSlotsAsync(Guid positionId, IReadOnlyList<Guid> slotIds, CancellationToken ct)
    {
        var slots = await db.InterviewSlots.AsNoTracking().Where(s => slotIds.Contains(s.Id)).OrderBy(s => s.StartsAt)
            .Select(s => new SlotsChangedPayload(s.PositionId, s.Id, s.Capacity, s.Booked)).ToListAsync(ct);
        var watchers = hub.Clients.Group(LiveGroups.Position(positionId));
        foreach (var slot in slots) await watchers.SlotsChanged(slot);
    }

    /// <summary>For what reads the database first: the record and the reads in one transaction.</summary>
    private Task<bool> Once<T>(ConsumeContext<T> context, Func<CancellationToken, Task> send) where T : class =>
        db.ProcessOnceAsync<LiveBridge>(consumers, context, send, time);

    /// <summary>For what the event carries whole: recorded in one statement, then pushed (no transaction around a push).</summary>
    private Task<bool> Push<T>(ConsumeContext<T> context, Func<Task> send) where T : class =>
        db.RecordThenPushAsync<LiveBridge>(consumers, context, send, time);
}

/// <summary>
/// The bridge's endpoint is this node's own (its name carries the node id), so every node receives
/// every live event and pushes it to its own connections. With RabbitMQ its queue is durable and
/// expires only once unused for <c>Live:QueueExpiry</c> (10 minutes): it outlives a broker restart
/// and a node's late reconnection, holding what was published meanwhile, instead of being declared
/// anew after events already went by (an auto-delete queue vanished with the node's connection, and
/// an event published before it was declared again was lost for that node's connections).
/// With the in-memory bus it is simply the one local endpoint.
/// </summary>
public sealed class LiveBridgeDefinition : ConsumerDefinition<LiveBridge>
{
    private readonly TimeSpan _expiry;

    public LiveBridgeDefinition(NodeIdentity node, IConfiguration config)
    {
        _expiry = config.GetValue("Live:QueueExpiry", TimeSpan.FromMinutes(10));
        Endpoint(e => e.InstanceId = node.Id);
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<LiveBridge> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.Durable = true;
            rabbit.AutoDelete = false;
            rabbit.QueueExpiration = _expiry;
        }
    }
}
