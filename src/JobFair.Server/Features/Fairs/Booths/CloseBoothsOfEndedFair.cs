using MassTransit;

namespace JobFair.Server.Features.Fairs.Booths;

/// <summary>
/// When a fair closes (its hosts closed it, or its end passed), its booths close and everyone still
/// waiting is sent away, each told that the fair has ended. Once per event (a shared queue, a
/// processed-message record); the updates are conditional, so a repeat finds nothing to do.
/// </summary>
public sealed class CloseBoothsOfEndedFair(JobFairDb db, LocalConsumers consumers, TimeProvider time) : IConsumer<FairChanged>
{
    public Task Consume(ConsumeContext<FairChanged> context) =>
        db.ProcessOnceAsync<CloseBoothsOfEndedFair>(consumers, context, async ct =>
        {
            var e = context.Message;
            if (e.Status != FairStatus.Closed) return;
            var now = time.GetUtcNow();
            var booths = await db.Booths.Where(b => b.FairId == e.FairId).Select(b => b.EmployerId).ToArrayAsync(ct);
            if (booths.Length == 0) return;
            await db.Booths.Where(b => b.FairId == e.FairId && b.Status != BoothStatus.Closed)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BoothStatus.Closed).SetProperty(b => b.UpdatedAt, now), ct);
            await QueueLine.DepartAllAsync(db, time, e.FairId, booths, EndReason.FairEnded, ct);
            foreach (var employerId in booths) db.Publish(new BoothLineMoved(e.FairId, employerId, 0), time);
        }, time);
}
