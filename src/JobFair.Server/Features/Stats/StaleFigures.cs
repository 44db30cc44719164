using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Employers;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Interviews;
using JobFair.Server.Features.Positions;
using MassTransit;

namespace JobFair.Server.Features.Stats;

/// <summary>
/// Marks the figures of the fairs an event touches as stale (a <see cref="FairStatsMark"/> each), for
/// <see cref="FairStatsRefresher"/> to count again. A fair stays stale until counted however often it
/// is marked; each event is still recorded once, which is how the outbox knows this consumer has seen it.
/// </summary>
public sealed class StaleFigures(JobFairDb db, LocalConsumers consumers, TimeProvider time, StatsSignal signal) :
    IConsumer<FairCreated>, IConsumer<ParticipationDecided>, IConsumer<PositionShared>, IConsumer<PositionChanged>,
    IConsumer<ApplicationSubmitted>, IConsumer<ApplicationStatusChanged>, IConsumer<BookingChanged>, IConsumer<EmployerStandingChanged>
{
    public Task Consume(ConsumeContext<FairCreated> context) => Mark(context, context.Message.FairId);
    public Task Consume(ConsumeContext<ParticipationDecided> context) => Mark(context, context.Message.FairId);
    public Task Consume(ConsumeContext<PositionShared> context) => Mark(context, context.Message.FairId);
    public Task Consume(ConsumeContext<ApplicationSubmitted> context) => Mark(context, context.Message.FairId);
    public Task Consume(ConsumeContext<ApplicationStatusChanged> context) => Mark(context, context.Message.FairId);
    public Task Consume(ConsumeContext<BookingChanged> context) => Mark(context, context.Message.FairId);

    /// <summary>A posting's openings or status changed: every fair it is shared into.</summary>
    public async Task Consume(ConsumeContext<PositionChanged> context)
    {
        await db.ProcessOnceAsync<StaleFigures>(consumers, context, async ct =>
        {
            var fairs = await db.PositionFairs.Where(pf => pf.PositionId == context.Message.PositionId).Select(pf => pf.FairId)
                .ToListAsync(ct);
            foreach (var fair in fairs) await MarkAsync(fair, ct);
        }, time);
        signal.Notify();
    }

    /// <summary>An employer was suspended or reinstated: every fair it takes part in or has postings in.</summary>
    public async Task Consume(ConsumeContext<EmployerStandingChanged> context)
    {
        var employerId = context.Message.EmployerId;
        await db.ProcessOnceAsync<StaleFigures>(consumers, context, async ct =>
        {
            var fairs = await db.Participations.Where(p => p.EmployerId == employerId).Select(p => p.FairId)
                .Union(db.PositionFairs.Where(pf => db.Positions.Any(p => p.Id == pf.PositionId && p.EmployerId == employerId)).Select(pf => pf.FairId))
                .ToListAsync(ct);
            foreach (var fair in fairs) await MarkAsync(fair, ct);
        }, time);
        signal.Notify();
    }

    /// <summary>
    /// The event's record and its fair's mark in one statement (one round trip; every event of a fair day passes
    /// here): the mark exists exactly when the record does, as if both were written in one transaction.
    /// </summary>
    private async Task Mark<T>(ConsumeContext<T> context, Guid fairId) where T : class
    {
        await db.ProcessOnceInOneStatementAsync<StaleFigures>(consumers, context, time, (consumer, messageId, now) => $"""
            WITH claimed AS (
                INSERT INTO processed_messages (consumer, message_id, processed_at) VALUES ({consumer}, {messageId}, {now})
                ON CONFLICT DO NOTHING RETURNING 1)
            INSERT INTO fair_stats_marks (fair_id, marked_at) SELECT {fairId}, {now} FROM claimed
            """);
        signal.Notify();
    }

    /// <summary>
    /// Inserts a mark: no row is shared with the fair's other events, so a busy fair's consumers never wait for
    /// one another or for the refresher (they did while this updated the fair's one fair_stats row).
    /// </summary>
    private async Task MarkAsync(Guid fairId, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"INSERT INTO fair_stats_marks (fair_id, marked_at) VALUES ({fairId}, {time.GetUtcNow()})", ct);
}

/// <summary>Wakes this node's <see cref="FairStatsRefresher"/> when a fair became stale here.</summary>
public sealed class StatsSignal : WakeSignal;
