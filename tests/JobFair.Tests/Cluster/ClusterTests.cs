using System.Net;
using JobFair.Tests.Live;
using JobFair.Tests.Support;
using JobFair.Server.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JobFair.Tests.Cluster;

/// <summary>
/// Two server nodes on one database, carrying events through a real RabbitMQ. Run by
/// deploy/cluster-test.sh (category Cluster), which provides the broker; run without it, these
/// tests fail rather than pass silently.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(OneClusterClassAtATime.Name)]
public sealed class ClusterTests(ClusterTests.SharedDatabase database) : IClassFixture<ClusterTests.SharedDatabase>
{
    /// <summary>Only provides the database; its own dispatcher is off, so the nodes below do all the publishing.</summary>
    public sealed class SharedDatabase : JobFairApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Outbox:Enabled", "false")];
    }

    private static readonly Lazy<Task<string>> ClassBus = new(() => ClusterBroker.VirtualHostAsync("nodes"));

    private async Task<LiveNode> NodeAsync(string? bus = null, Action<IServiceCollection>? services = null,
        params (string Key, string? Value)[] settings)
    {
        var node = new LiveNode(database.ConnectionString, settings: [("JOBFAIR_BUS", bus ?? await ClassBus.Value), .. settings])
            { TestServices = services };
        await node.InitializeAsync();
        return node;
    }

    /// <summary>The broker reached through a relay the test can cut: that node alone loses it.</summary>
    private static async Task<(string Bus, TcpRelay Relay)> RelayedBusAsync()
    {
        var bus = new Uri(await ClassBus.Value);
        var relay = new TcpRelay(bus.Host, bus.Port);
        return (new UriBuilder(bus) { Port = relay.Port }.Uri.ToString(), relay);
    }

    private static Task BrokerAsync(string command) => ClusterBroker.ControlAsync(command);

    [Fact]
    public async Task An_event_from_one_node_reaches_connections_on_both_nodes_exactly_once()
    {
        await using var a = await NodeAsync();
        await using var b = await NodeAsync();
        var scene = await a.FairSceneAsync();
        var (student, _, resume) = await a.ApplicantAsync(scene, "跨节点");
        var (student2, _, resume2) = await a.ApplicantAsync(scene, "第二位");
        // The recruiter signed in on node A; the same token works on node B.
        await using var onA = await a.HubAsync(scene.Recruiter);
        await using var onB = await b.HubAsync(scene.Recruiter.On(b));
        await using var watcherOnB = await b.HubAsync();
        await watcherOnB.InvokeOkAsync("WatchFair", scene.FairId);

        var first = await student.On(b).AppliedAsync(scene, resume);
        var second = await student2.AppliedAsync(scene, resume2);

        // Both nodes' outbox dispatchers publish, each what it claims first: the two events may arrive in either order.
        foreach (var hub in new[] { onA, onB })
        foreach (var application in new[] { first, second })
            await hub.NextAsync("applicationReceived", e => (string?)e["applicationId"] == application.ToString(), seconds: 60);
        await watcherOnB.NextAsync("fairStats", e => (int)e["applications"]! == 2, seconds: 60);
        // Storing a notification is a consumer of its own: the live push may come first. Once both are
        // stored, neither is stored twice (three would mean a duplicate, whichever node consumed it).
        async Task<int> StoredAsync() => (await scene.Recruiter.On(b).GetJsonAsync("/api/me/notifications")).Items()
            .Count(n => (string?)n!["kind"] == "application_received");
        await Eventually.True(async () => await StoredAsync() >= 2, "both application_received notifications stored", seconds: 60);
        await a.AllEventsDeliveredAsync();
        Assert.Equal(2, await StoredAsync());
        // By now a duplicate push (a redelivery, or both nodes' bridges taking one copy) would have come too.
        foreach (var hub in new[] { onA, onB })
        {
            await hub.BarrierAsync();
            foreach (var application in new[] { first, second })
                Assert.Single(hub.Received("applicationReceived"), e => (string?)e!["applicationId"] == application.ToString());
        }
    }

    [Fact]
    public async Task While_the_broker_is_away_requests_succeed_and_the_outbox_delivers_when_it_returns()
    {
        await using var a = await NodeAsync();
        await using var b = await NodeAsync();
        var scene = await a.FairSceneAsync();
        var (student, _, resume) = await a.ApplicantAsync(scene, "断网");
        await using var recruiterOnB = await b.HubAsync(scene.Recruiter.On(b));
        await a.AllEventsDeliveredAsync();

        await BrokerAsync("broker-stop");
        Guid application;
        try
        {
            application = await student.AppliedAsync(scene, resume);
            await Api.Expect(await scene.Recruiter.SetStatusAsync(application, "viewed"), HttpStatusCode.OK);
            // Nothing can be delivered: the events wait in the outbox.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(2, await database.WithDb(db => db.OutboxMessages.CountAsync(m => m.SentAt == null &&
                (m.Type.Contains("ApplicationSubmitted") || m.Type.Contains("ApplicationStatusChanged")))));
        }
        finally
        {
            await BrokerAsync("broker-start");
        }

        var received = await recruiterOnB.NextAsync("applicationReceived", e => (string?)e["applicationId"] == application.ToString(), seconds: 90);
        Assert.Equal("断网", (string?)received["student"]!["name"]);
        await Eventually.True(() => database.WithDb(db => db.FairStats.AnyAsync(s => s.FairId == scene.FairId && s.Applications == 1)),
            "the fair's figures to count the application", seconds: 90);
        await a.AllEventsDeliveredAsync();
        Assert.Single(recruiterOnB.Received("applicationReceived"));
    }

    [Fact]
    public async Task A_node_that_reconnects_after_events_went_by_still_pushes_them_to_its_connections()
    {
        var (relayedBus, relay) = await RelayedBusAsync();
        await using var _ = relay;
        await using var a = await NodeAsync();
        await using var b = await NodeAsync(relayedBus);
        var scene = await a.FairSceneAsync();
        var (student, _, resume) = await a.ApplicantAsync(scene, "晚到");
        await using var recruiterOnB = await b.HubAsync(scene.Recruiter.On(b));
        await a.AllEventsDeliveredAsync();
        var busB = b.Services.GetRequiredService<IBusControl>();

        relay.Cut(); // node B loses the broker; node A keeps it
        Guid application;
        try
        {
            await Eventually.True(() => busB.CheckHealth().Status != BusHealthStatus.Healthy, "node B to notice it lost the broker", seconds: 60);
            application = await student.AppliedAsync(scene, resume);
            await a.AllEventsDeliveredAsync(); // confirmed by the broker while B is away
        }
        finally
        {
            relay.Restore();
        }

        var received = await recruiterOnB.NextAsync("applicationReceived", e => (string?)e["applicationId"] == application.ToString(), seconds: 90);
        Assert.Equal("晚到", (string?)received["student"]!["name"]);
        Assert.Single(recruiterOnB.Received("applicationReceived"));
    }

    [Fact]
    public async Task A_node_whose_broker_freezes_for_longer_than_its_calls_wait_keeps_running_and_delivers_once_it_thaws()
    {
        // The faults run froze RabbitMQ (SIGSTOP) for 21 s, longer than the broker client's 20-s call timeout: the error
        // queue sweeper's call ended in a TaskCanceledException it did not expect, and both nodes stopped (StopHost).
        // Here node B's broker freezes for 8 s against a 2-s call timeout, a sweep every 0.2 s.
        var (relayedBus, relay) = await RelayedBusAsync();
        await using var _ = relay;
        await using var a = await NodeAsync();
        await using var b = await NodeAsync(relayedBus, settings: [("Bus:Redrive:Sweep", "00:00:00.2"), ("Bus:Redrive:BrokerTimeout", "00:00:02")]);
        var stopping = b.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
        var scene = await a.FairSceneAsync();
        var (student, _, resume) = await a.ApplicantAsync(scene, "冻结");
        await using var recruiterOnB = await b.HubAsync(scene.Recruiter.On(b));
        await a.AllEventsDeliveredAsync();

        relay.Freeze();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(8));
        }
        finally
        {
            relay.Thaw();
        }
        Assert.False(stopping.IsCancellationRequested, "node B stopped while its broker was frozen");

        var application = await student.AppliedAsync(scene, resume);
        var received = await recruiterOnB.NextAsync("applicationReceived", e => (string?)e["applicationId"] == application.ToString(), seconds: 90);
        Assert.Equal("冻结", (string?)received["student"]!["name"]);
        Assert.False(stopping.IsCancellationRequested, "node B stopped after its broker thawed");
    }

    /// <summary>The notifier fails (as while the database restarts) until the test lets it work.</summary>
    private sealed class FailingNotifier : IConfigureReceiveEndpoint
    {
        public volatile bool Failing = true;
        public volatile bool Returned;
        public int Attempts;

        public void Configure(string name, IReceiveEndpointConfigurator configurator)
        {
            if (name != "notifier") return;
            configurator.UseExecute(context =>
            {
                if (!Failing) return;
                Interlocked.Increment(ref Attempts);
                if (context.ReceiveContext.TransportHeaders.Get<int>(ErrorQueueRedriver.ReturnsHeader) is > 0) Returned = true;
                throw new InvalidOperationException("the notifier cannot reach the database");
            });
        }
    }

    [Fact]
    public async Task An_event_a_consumer_fails_on_for_longer_than_its_retry_window_is_returned_from_the_error_queue_and_stored_once()
    {
        var notifier = new FailingNotifier();
        await using var node = await NodeAsync(services: s => s.AddSingleton<IConfigureReceiveEndpoint>(notifier),
            settings: [("Bus:Redrive:Delays", "00:00:01,00:00:02"), ("Bus:Redrive:Sweep", "00:00:00.5")]);
        notifier.Failing = false;
        var scene = await node.FairSceneAsync();
        var (student, _, resume) = await node.ApplicantAsync(scene, "重投");
        await node.AllEventsDeliveredAsync();

        notifier.Failing = true;
        var application = await student.AppliedAsync(scene, resume);
        // Past the immediate retries, the message sits in notifier_error; it must come back from there, again and again.
        await Eventually.True(() => notifier.Returned, "the failed message to be returned from the error queue", seconds: 90);
        var attempts = notifier.Attempts;
        notifier.Failing = false;

        await Eventually.True(async () => await ApplicationNotificationsAsync(scene.Recruiter.On(node), application) == 1,
            "the notification to be stored", seconds: 60);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a duplicate return would show itself by now
        Assert.Equal(1, await ApplicationNotificationsAsync(scene.Recruiter.On(node), application));
        Assert.True(attempts > 6, $"only {attempts} attempts: the immediate retries alone");
    }

    private static async Task<int> ApplicationNotificationsAsync(Api recruiter, Guid application) =>
        (await recruiter.GetJsonAsync("/api/me/notifications?pageSize=100")).Items()
        .Count(n => (string?)n!["kind"] == "application_received" && (string?)n["link"] == $"/applications/{application}");
}
