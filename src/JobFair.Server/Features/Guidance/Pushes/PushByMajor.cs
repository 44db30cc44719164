using JobFair.Server.Features.Positions;
using JobFair.Server.Features.Students;
using MassTransit;

namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>
/// Recommendations were queued for a position (every graduate it is for) or for a graduate (every
/// position for them): <see cref="ReleasePushes"/> lets through what their allowances permit.
/// </summary>
public sealed record PushesMatched(Guid? PositionId, Guid? StudentId) : IDomainEvent;

/// <summary>
/// Matches graduates and positions by major when a position is shared into a fair (PostPosition
/// publishes PositionShared for each fair it is posted into) and when a graduate claims their
/// roster row. The match is one statement, done once per event (ProcessOnce); the release, which
/// may reach thousands of graduates, follows through the outbox (<see cref="PushesMatched"/>),
/// so that a node dying half-way through it leaves the event to be delivered again.
/// </summary>
public sealed class PushByMajor(JobFairDb db, LocalConsumers consumers, TimeProvider time) :
    IConsumer<PositionShared>, IConsumer<StudentVerified>
{
    public Task Consume(ConsumeContext<PositionShared> context) =>
        db.ProcessOnceAsync<PushByMajor>(consumers, context, async ct =>
        {
            var e = context.Message;
            if (await MatchByMajor.PositionAsync(db, e.PositionId, e.FairId, time.GetUtcNow(), ct) > 0)
                db.Publish(new PushesMatched(e.PositionId, null), time);
        }, time);

    public Task Consume(ConsumeContext<StudentVerified> context) =>
        db.ProcessOnceAsync<PushByMajor>(consumers, context, async ct =>
        {
            var e = context.Message;
            if (await MatchByMajor.StudentAsync(db, e.StudentId, time.GetUtcNow(), ct) > 0)
                db.Publish(new PushesMatched(null, e.StudentId), time);
        }, time);
}

/// <summary>
/// Releases what a match queued, in batches. The release is idempotent by itself (the day's
/// allowance and the waiting rows decide), so it runs on every delivery of the event and is
/// recorded as processed only after it finished: a delivery cut short is repeated, a repeated
/// one releases nothing twice.
/// </summary>
public sealed class ReleasePushes(JobFairDb db, LocalConsumers consumers, TimeProvider time, PushReleaser releaser) :
    IConsumer<PushesMatched>
{
    public async Task Consume(ConsumeContext<PushesMatched> context)
    {
        var e = context.Message;
        var ct = context.CancellationToken;
        var waiting = db.Recommendations.Where(r => r.PushedAt == null);
        var students = e.PositionId is { } positionId
            ? await waiting.Where(r => r.PositionId == positionId).Select(r => r.StudentId).ToListAsync(ct)
            : e.StudentId is { } studentId ? [studentId] : [];
        await releaser.ReleaseAsync(students, ct);
        await db.ProcessOnceAsync<ReleasePushes>(consumers, context, _ => Task.CompletedTask, time);
    }
}
