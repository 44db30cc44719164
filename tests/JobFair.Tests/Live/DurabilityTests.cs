using JobFair.Server.Infrastructure.Outbox;
using JobFair.Tests.Support;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JobFair.Tests.Live;

/// <summary>
/// A server node on a shared database; <c>frozen</c>: its consumers never get to run, as if it hung and died;
/// <c>clock</c>: its time, moved by the test.
/// </summary>
public sealed class LiveNode : LiveApp
{
    private readonly bool _frozen;
    private readonly (string Key, string? Value)[] _settings;

    public LiveNode(string connectionString, bool frozen = false, FakeTimeProvider? clock = null, params (string Key, string? Value)[] settings)
        : base(connectionString)
    {
        _frozen = frozen;
        _settings = settings;
        Clock = clock;
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        _settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value));

    /// <summary>More services for this node (test doubles), on top of the server's.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (_frozen) builder.ConfigureTestServices(s => s.AddSingleton<IConfigureReceiveEndpoint>(new FrozenConsumers()));
        if (TestServices is not null) builder.ConfigureTestServices(TestServices);
    }

    private sealed class FrozenConsumers : IConfigureReceiveEndpoint
    {
        public void Configure(string name, IReceiveEndpointConfigurator configurator) =>
            configurator.UseExecuteAsync(_ => throw new InvalidOperationException("this node froze before its consumers ran"));
    }
}

/// <summary>
/// With the in-memory bus a published event lives only in the publishing process. A node that
/// dies after publishing but before its consumers ran must not lose the event: the outbox keeps
/// the row unsent until every local consumer has recorded it, and the next node publishes it again.
/// </summary>
public sealed class DurabilityTests(DurabilityTests.SharedDatabase database) : IClassFixture<DurabilityTests.SharedDatabase>
{
    /// <summary>Only provides the database: its own dispatcher is off, so the nodes below are the only publishers.</summary>
    public sealed class SharedDatabase : JobFairApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Outbox:Enabled", "false")];
    }

    [Fact]
    public async Task An_event_whose_node_died_before_its_consumers_ran_is_delivered_by_the_next_node()
    {
        var cs = database.ConnectionString;
        FairScene scene;
        Api student;
        Guid resume;
        await using (var healthy = new LiveNode(cs))
        {
            await healthy.InitializeAsync();
            scene = await healthy.FairSceneAsync();
            (student, _, resume) = await healthy.ApplicantAsync(scene, "孙七");
            await healthy.AllEventsDeliveredAsync();
        }

        Guid application;
        await using (var doomed = new LiveNode(cs, frozen: true, settings: ("Outbox:RedeliverAfter", "01:00:00")))
        {
            await doomed.InitializeAsync();
            application = await student.On(doomed).AppliedAsync(scene, resume);
            await Eventually.True(async () => (await RowAsync(application))?.PublishedAt is not null, "the event published by the doomed node");
        }
        // The node is gone, and with it its in-memory queues; the row says the event was never safely delivered.
        var row = await RowAsync(application);
        Assert.NotNull(row!.PublishedAt);
        Assert.Null(row.SentAt);
        Assert.Equal(0, await database.WithDb(db => db.Notifications.CountAsync(n => n.Kind == "application_received")));

        await using var next = new LiveNode(cs, settings: ("Outbox:Enabled", "false"));
        await next.InitializeAsync();
        var recruiter = scene.Recruiter.On(next);
        await using var recruiterHub = await next.HubAsync(recruiter);
        var dispatcher = next.Services.GetRequiredService<OutboxDispatcher>();

        // Published before this node started, so by a process that is gone: published again at once.
        Assert.True(await dispatcher.DispatchBatchAsync(CancellationToken.None) > 0);
        await recruiterHub.NextAsync("applicationReceived", e => (string?)e["applicationId"] == application.ToString());
        await Eventually.True(async () =>
        {
            await dispatcher.DispatchBatchAsync(CancellationToken.None);
            return await database.WithDb(db => db.OutboxMessages.AllAsync(m => m.SentAt != null));
        }, "every row confirmed once every consumer recorded it (the notification's own event included)");
        await recruiterHub.NextAsync("notification", e => (string?)e["kind"] == "application_received");
        Assert.Equal(1, await ApplicationNotificationsAsync(recruiter));
    }

    [Fact]
    public async Task An_event_a_consumer_failed_on_is_published_again_after_a_while_and_takes_effect_once()
    {
        var cs = database.ConnectionString;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var node = new LiveNode(cs, clock: clock, settings: ("Outbox:Enabled", "false"));
        await node.InitializeAsync();
        var scene = await node.FairSceneAsync();
        var (student, _, resume) = await node.ApplicantAsync(scene, "周八");
        var dispatcher = node.Services.GetRequiredService<OutboxDispatcher>();
        await DrainAsync(dispatcher);

        // The event is committed and published while the notifier cannot finish: another transaction holds
        // its processed-message key, so it hangs on it (as a stuck consumer would) until that rolls back.
        var application = await student.AppliedAsync(scene, resume);
        var messageId = await database.WithDb(db => db.OutboxMessages
            .FromSql($"SELECT * FROM outbox_messages WHERE payload->>'applicationId' = {application.ToString()}").Select(m => m.Id).SingleAsync());
        await using (var blocker = await BlockNotifierAsync(messageId))
        {
            await dispatcher.DispatchBatchAsync(CancellationToken.None);
            clock.Advance(new OutboxOptions().RedeliverAfter + TimeSpan.FromSeconds(1)); // while the consumer is still stuck
            await dispatcher.DispatchBatchAsync(CancellationToken.None);
            Assert.Null((await RowAsync(application))!.SentAt);
        }

        await Eventually.True(async () =>
        {
            await dispatcher.DispatchBatchAsync(CancellationToken.None);
            return (await RowAsync(application))!.SentAt is not null;
        }, "delivery once the consumer could work again", seconds: 60);
        var row = await RowAsync(application);
        Assert.True(row!.Attempts >= 1, "it was published again");
        Assert.Equal(1, await ApplicationNotificationsAsync(scene.Recruiter));
    }

    private static async Task<int> ApplicationNotificationsAsync(Api recruiter) =>
        (await recruiter.GetJsonAsync("/api/me/notifications?pageSize=100")).Items().Count(n => (string?)n!["kind"] == "application_received");

    /// <summary>Holds the notifier's processed-message key in an open transaction: its consumer waits until it rolls back.</summary>
    private async Task<IAsyncDisposable> BlockNotifierAsync(Guid messageId)
    {
        var conn = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await conn.OpenAsync();
        var tx = await conn.BeginTransactionAsync();
        await using (var insert = new Npgsql.NpgsqlCommand(
            "INSERT INTO processed_messages (consumer, message_id, processed_at) VALUES ('Notifier', $1, now())", conn, tx))
        {
            insert.Parameters.AddWithValue(messageId);
            await insert.ExecuteNonQueryAsync();
        }
        return new Rollback(conn, tx);
    }

    private sealed class Rollback(Npgsql.NpgsqlConnection conn, Npgsql.NpgsqlTransaction tx) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await tx.RollbackAsync();
            await tx.DisposeAsync();
            await conn.DisposeAsync();
        }
    }

    private static async Task DrainAsync(OutboxDispatcher dispatcher)
    {
        while (await dispatcher.DispatchBatchAsync(CancellationToken.None) > 0) { }
    }

    private Task<OutboxMessage?> RowAsync(Guid applicationId) => database.WithDb(db => db.OutboxMessages
        .FromSql($"SELECT * FROM outbox_messages WHERE payload->>'applicationId' = {applicationId.ToString()}").AsNoTracking()
        .Where(m => m.Type.Contains("ApplicationSubmitted")).SingleOrDefaultAsync());
}
