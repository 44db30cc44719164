using System.Collections.Concurrent;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Infrastructure;
using JobFair.Server.Infrastructure.Outbox;
using JobFair.Tests.Support;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JobFair.Tests.Foundation;

public sealed record SomethingHappened(Guid Id, string What) : IDomainEvent;

/// <summary>Records every delivery and every effect, and applies effects once per message.</summary>
public sealed class RecordingConsumer(IServiceScopeFactory scopes, Recorder recorder) :
    IConsumer<SomethingHappened>, IConsumer<CentreStaffAdded>
{
    public Task Consume(ConsumeContext<SomethingHappened> context) => Record(context, context.Message.Id);

    public Task Consume(ConsumeContext<CentreStaffAdded> context) => Record(context, context.Message.UserId);

    private async Task Record(ConsumeContext context, Guid subject)
    {
        recorder.Deliveries.Add(subject);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        await db.ProcessOnceAsync(nameof(RecordingConsumer), context.MessageId!.Value,
            _ => { recorder.Effects.Add(subject); return Task.CompletedTask; }, TimeProvider.System, context.CancellationToken);
    }
}

public sealed class Recorder
{
    public ConcurrentBag<Guid> Deliveries { get; } = [];
    public ConcurrentBag<Guid> Effects { get; } = [];
}

/// <summary>A server whose dispatcher runs only when a test says so.</summary>
public sealed class ManualOutboxApp : JobFairApp
{
    public Recorder Recorder { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Outbox:Enabled", "false")];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Recorder.Listen(Services);
    }
}

public static class RecorderExtensions
{
    public static async Task Listen(this Recorder recorder, IServiceProvider services)
    {
        var bus = services.GetRequiredService<IBus>();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var handle = bus.ConnectReceiveEndpoint("test-recorder-" + Guid.NewGuid().ToString("N"),
            e => e.Consumer(() => new RecordingConsumer(scopes, recorder)));
        await handle.Ready;
    }
}

public sealed class OutboxTests(ManualOutboxApp app) : IClassFixture<ManualOutboxApp>
{
    private OutboxDispatcher Dispatcher => app.Services.GetRequiredService<OutboxDispatcher>();

    [Fact]
    public async Task An_event_takes_effect_once_even_when_the_dispatcher_dies_between_publishing_and_marking()
    {
        var id = Guid.NewGuid();
        await Commit(new SomethingHappened(id, "committed"));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Dispatcher.DispatchBatchAsync(CancellationToken.None, () => throw new InvalidOperationException("node died")));
        await Eventually.True(() => app.Recorder.Effects.Contains(id), "the first delivery");
        Assert.Null(await SentAt(id));

        // The next dispatcher run publishes it again; the consumer recognises the message id.
        await Dispatcher.DispatchBatchAsync(CancellationToken.None);
        await Eventually.True(() => app.Recorder.Deliveries.Count(d => d == id) == 2, "the redelivery");
        // Nothing is left to publish; an event dispatched now arrives after anything published before it.
        Assert.Equal(0, await Dispatcher.DispatchBatchAsync(CancellationToken.None));
        var later = Guid.NewGuid();
        await Commit(new SomethingHappened(later, "after"));
        await Dispatcher.DispatchBatchAsync(CancellationToken.None);
        await Eventually.True(() => app.Recorder.Effects.Contains(later), "an event dispatched afterwards");

        Assert.Equal(2, app.Recorder.Deliveries.Count(d => d == id));
        Assert.Single(app.Recorder.Effects, e => e == id);
        Assert.NotNull(await SentAt(id));
    }

    [Fact]
    public async Task An_event_of_a_rolled_back_transaction_is_never_published()
    {
        var id = Guid.NewGuid();
        await app.WithDb(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Publish(new SomethingHappened(id, "rolled back"), TimeProvider.System);
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        });
        var committed = Guid.NewGuid();
        await Commit(new SomethingHappened(committed, "committed after"));

        await Dispatcher.DispatchBatchAsync(CancellationToken.None);
        await Eventually.True(() => app.Recorder.Effects.Contains(committed), "the committed event");

        Assert.DoesNotContain(id, app.Recorder.Deliveries);
        Assert.False(await app.WithDb(db => About(db, id).AnyAsync()));
    }

    [Fact]
    public async Task Concurrent_dispatchers_publish_each_event_and_apply_it_once()
    {
        var ids = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids) await Commit(new SomethingHappened(id, "many"));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Dispatcher.DispatchBatchAsync(CancellationToken.None)));
        await Dispatcher.DispatchBatchAsync(CancellationToken.None);
        await Eventually.True(() => ids.All(app.Recorder.Effects.Contains), "every event");

        Assert.All(ids, id => Assert.Single(app.Recorder.Effects, e => e == id));
        Assert.Equal(0, await app.WithDb(db => db.OutboxMessages.CountAsync(m => m.SentAt == null)));
    }

    private Task Commit(IDomainEvent domainEvent) => app.WithDb(async db =>
    {
        db.Publish(domainEvent, TimeProvider.System);
        await db.SaveChangesAsync();
    });

    private Task<DateTimeOffset?> SentAt(Guid subject) => app.WithDb(db => About(db, subject).Select(m => m.SentAt).SingleAsync());

    private static IQueryable<OutboxMessage> About(JobFairDb db, Guid subject) =>
        db.OutboxMessages.FromSql($"SELECT * FROM outbox_messages WHERE payload->>'id' = {subject.ToString()}");
}

/// <summary>With the background dispatcher on, a committed change's event leaves by itself.</summary>
public sealed class OutboxDeliveryTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task Creating_centre_staff_publishes_its_event_after_commit()
    {
        var recorder = new Recorder();
        await recorder.Listen(app.Services);
        var universityId = await app.UniversityIdAsync("南京大学");

        using var centre = await app.CentreAsync(universityId);
        var userId = Guid.Parse((string)(await centre.GetJsonAsync("/api/me"))["userId"]!);

        await Eventually.True(() => recorder.Effects.Contains(userId), "CentreStaffAdded");
        Assert.Single(recorder.Effects, e => e == userId);
    }
}
