using Npgsql;

namespace JobFair.Faults;

/// <summary>
/// The database as seen every half second (Reachable false while PostgreSQL is stopped): the outbox
/// backlog and how long its oldest event has waited, and what the consumers have done so far.
/// </summary>
internal sealed record Sample(long AtMs, bool Reachable, long Unsent, double OldestUnsentSeconds, long Applications, long Notifications,
    long CountedApplications);

/// <summary>Samples the outbox backlog and what the consumers have done so far, straight from PostgreSQL.</summary>
internal sealed class Monitor(string connectionString, Guid fairId) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Sample> _samples = [];

    /// <summary>Own short-lived connections with short timeouts: a stopped database must not stall the sampling.</summary>
    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(connectionString)
    {
        Pooling = false, Timeout = 2, CommandTimeout = 5,
    }.ConnectionString;

    public IReadOnlyList<Sample> Samples { get { lock (_samples) return [.. _samples]; } }

    public async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var sample = await TakeAsync();
            lock (_samples) _samples.Add(sample);
            try { await Task.Delay(500, _stop.Token); }
            catch (OperationCanceledException) { return; }
        }
    }

    public async Task<Sample> TakeAsync()
    {
        var at = Client.Now();
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT (SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL),
                       (SELECT coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float8 FROM outbox_messages WHERE sent_at IS NULL),
                       (SELECT count(*) FROM applications WHERE fair_id = $1),
                       (SELECT count(*) FROM notifications WHERE kind = 'application_received'),
                       coalesce((SELECT applications FROM fair_stats WHERE fair_id = $1), 0)
                """, connection) { Parameters = { new() { Value = fairId } } };
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new Sample(at, true, reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt32(4));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new Sample(at, false, 0, 0, 0, 0, 0);
        }
    }

    public void Stop() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();
}
