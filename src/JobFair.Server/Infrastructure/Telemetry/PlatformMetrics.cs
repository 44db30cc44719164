using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;

namespace JobFair.Server.Infrastructure.Telemetry;

/// <summary>
/// The platform's own instruments (meter <c>JobFair</c>; docs/operations.md lists them). Counters
/// are counted on the node where the thing happened, so a cluster's figure is the sum over its
/// nodes. Gauges about shared state (outbox, stale figures) are read from the database when a
/// collector asks, never on a request's path; every node reports the same value for them.
/// </summary>
internal sealed partial class PlatformMetrics
{
    public const string MeterName = "JobFair";

    private readonly NpgsqlDataSource _database;
    private readonly TimeProvider _time;
    private readonly ILogger<PlatformMetrics> _log;
    private readonly Lock _reading = new();
    private Backlog? _backlog;

    public PlatformMetrics(IMeterFactory meters, NpgsqlDataSource database, TimeProvider time, ILogger<PlatformMetrics> log)
    {
        _database = database;
        _time = time;
        _log = log;
        // The host's factory owns the meter and disposes it with the host.
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("jobfair.outbox.unsent", () => Read(b => b.Unsent), "{event}",
            "Committed events not yet delivered (published and, with the in-memory bus, recorded by every local consumer).");
        meter.CreateObservableGauge("jobfair.outbox.oldest_unsent_age", () => Read(b => Age(b.OldestUnsent)), "s",
            "How long the oldest undelivered event has waited since it was committed; 0 when none waits.");
        meter.CreateObservableGauge("jobfair.fair_stats.stale", () => Read(b => b.StaleFairs), "{fair}",
            "Fairs whose figures changed and have not been counted again yet.");
        meter.CreateObservableGauge("jobfair.fair_stats.oldest_stale_age", () => Read(b => Age(b.OldestStale)), "s",
            "How long the longest-waiting stale fair has waited for its figures to be counted; 0 when none waits.");
        ConsumerLag = meter.CreateHistogram("jobfair.consumer.lag", "s",
            "From an event's commit to a consumer recording it as processed.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        LiveConnections = meter.CreateUpDownCounter<long>("jobfair.live.connections", "{connection}",
            "Open SignalR connections on this node, per hub.");
        ApplicationsSubmitted = meter.CreateCounter<long>("jobfair.applications.submitted", "{application}",
            "Applications committed on this node.");
        BookingChanges = meter.CreateCounter<long>("jobfair.bookings.changes", "{booking}",
            "Interview bookings committed on this node, by change: booked, rescheduled, cancelled.");
    }

    internal Histogram<double> ConsumerLag { get; }
    internal UpDownCounter<long> LiveConnections { get; }
    internal Counter<long> ApplicationsSubmitted { get; }
    internal Counter<long> BookingChanges { get; }

    /// <summary>Records how long an event took from its commit to this consumer.</summary>
    internal void RecordConsumed(string consumer, Guid messageId)
    {
        if (!ConsumerLag.Enabled || CommittedAt(messageId) is not { } committed) return;
        // A node-local consumer records under "Name@node"; the node is the scrape's instance already.
        var name = consumer.Split('@')[0];
        ConsumerLag.Record(Math.Max(0, (_time.GetUtcNow() - committed).TotalSeconds), new KeyValuePair<string, object?>("consumer", name));
    }

    /// <summary>
    /// Outbox ids are version-7 GUIDs made from the event's commit time (<see cref="OutboxMessage.From"/>),
    /// so a consumer knows it to the millisecond without reading the row. Other ids (tests' own messages): null.
    /// </summary>
    internal static DateTimeOffset? CommittedAt(Guid messageId)
    {
        if (messageId.Version != 7) return null;
        Span<byte> bytes = stackalloc byte[16];
        messageId.TryWriteBytes(bytes, bigEndian: true, out _);
        long unixMs = 0;
        for (var i = 0; i < 6; i++) unixMs = (unixMs << 8) | bytes[i];
        return DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
    }

    private double Age(DateTimeOffset? since) => since is { } s ? Math.Max(0, (_time.GetUtcNow() - s).TotalSeconds) : 0;

    private IEnumerable<Measurement<T>> Read<T>(Func<Backlog, T> value) where T : struct =>
        Current() is { } backlog ? [new Measurement<T>(value(backlog))] : [];

    /// <summary>
    /// One query serves the four gauges of a collection (kept for a second). Each reads a partial
    /// index that holds only what waits, so the cost follows the backlog, not the tables.
    /// </summary>
    private Backlog? Current()
    {
        lock (_reading)
        {
            // Freshness is about load on the database, so it is measured on the machine's clock.
            if (_backlog is { } fresh && Stopwatch.GetElapsedTime(fresh.ReadAt) < TimeSpan.FromSeconds(1)) return fresh;
            try
            {
                using var connection = _database.OpenConnection();
                // A fair waits to be counted while it has marks, or once its stale_since (a posting's closing date) has passed.
                using var command = new NpgsqlCommand("""
                    WITH stale AS (SELECT fair_id, min(marked_at) AS since FROM fair_stats_marks GROUP BY fair_id
                                   UNION ALL
                                   SELECT fair_id, stale_since FROM fair_stats WHERE stale_since <= now())
                    SELECT (SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL),
                           (SELECT occurred_at FROM outbox_messages WHERE sent_at IS NULL ORDER BY seq LIMIT 1),
                           (SELECT count(DISTINCT fair_id) FROM stale),
                           (SELECT min(since) FROM stale)
                    """, connection) { CommandTimeout = 2 };
                using var reader = command.ExecuteReader();
                reader.Read();
                _backlog = new Backlog(Stopwatch.GetTimestamp(), reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
                    reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3));
                return _backlog;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // No figure rather than a wrong one; the scrape itself still succeeds.
                LogReadFailed(e);
                return null;
            }
        }
    }

    private sealed record Backlog(long ReadAt, long Unsent, DateTimeOffset? OldestUnsent, long StaleFairs, DateTimeOffset? OldestStale);

    [LoggerMessage(LogLevel.Warning, "Reading the outbox and fair-figure backlog for metrics failed")]
    private partial void LogReadFailed(Exception e);
}
