using System.Text.Json;

namespace JobFair.Bench;

/// <summary>One fairStats as a watcher got it: which count, the applications it showed, milliseconds from countedAt to receipt.</summary>
internal readonly record struct Receipt(long Version, int Applications, DateTimeOffset CountedAt, double Millis);

/// <summary>
/// A receive-only SignalR client, as lean as thousands in one process need: the JSON hub protocol
/// over a WebSocket (handshake, one invocation to join, then only listening and pinging). Each
/// fairStats is stamped on arrival, before it is parsed, and kept as a <see cref="Receipt"/>;
/// everything else is read only for what it means to the connection (completion, close).
/// </summary>
internal sealed class HubWatcher() : LeanHubConnection(bufferBytes: 4096) // a fairStats record is about half a kilobyte
{
    private readonly TaskCompletionSource<string?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile int _latestApplications = -1;
    private long _latestVersion = -1;

    /// <summary>Written by this connection's receive loop only; read once it has stopped (<see cref="LeanHubConnection.DisposeAsync"/>).</summary>
    public List<Receipt> Receipts { get; } = new(128);

    /// <summary>The applications figure of the latest fairStats (-1 before the first).</summary>
    public int LatestApplications => _latestApplications;

    /// <summary>The size of the latest fairStats record on the wire (without its separator), to show both paths send the same.</summary>
    public int FairStatsBytes { get; private set; }

    /// <summary>The version of the latest fairStats (-1 before the first).</summary>
    public long LatestVersion => Volatile.Read(ref _latestVersion);

    /// <summary>Connects to the hub, shakes hands and invokes <paramref name="method"/>; returns once the server has completed it.</summary>
    public static async Task<HubWatcher> ConnectAsync(Uri hub, string method, Guid? argument, CancellationToken ct)
    {
        var watcher = new HubWatcher();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await watcher.OpenAsync(hub, timeout.Token);
            var arguments = argument is { } id ? $"\"{id}\"" : "";
            await watcher.SendAsync($$"""{"type":1,"invocationId":"0","target":"{{method}}","arguments":[{{arguments}}]}""", timeout.Token);
            if (await watcher._completion.Task.WaitAsync(timeout.Token) is { } error) throw new InvalidOperationException($"{method} refused: {error}");
            return watcher;
        }
        catch
        {
            await watcher.DisposeAsync();
            throw;
        }
    }

    protected override void OnEnded(string reason) => _completion.TrySetResult(reason);

    /// <summary>One hub record: the handshake answer, the join's completion, a fairStats, a close; pings are ignored.</summary>
    protected override void OnRecord(ReadOnlySpan<byte> record, DateTimeOffset at)
    {
        var reader = new Utf8JsonReader(record);
        int type = 0, applications = -1;
        var fairStats = false;
        string? error = null;
        long version = -1;
        DateTimeOffset? countedAt = null;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            // Depth 1: the record's own fields; depth 3: the fields of its first argument (the payload),
            // so that byUniversity's "applications" (depth 5) is not mistaken for the fair's.
            var depth = reader.CurrentDepth;
            if (depth == 1)
            {
                if (reader.ValueTextEquals("type"u8) && reader.Read()) type = reader.GetInt32();
                else if (reader.ValueTextEquals("target"u8) && reader.Read()) fairStats = reader.ValueTextEquals("fairStats"u8);
                else if (reader.ValueTextEquals("error"u8) && reader.Read()) error = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (depth == 3)
            {
                if (reader.ValueTextEquals("countedAt"u8) && reader.Read() && reader.TokenType == JsonTokenType.String) countedAt = reader.GetDateTimeOffset();
                else if (reader.ValueTextEquals("version"u8) && reader.Read()) version = reader.GetInt64();
                else if (reader.ValueTextEquals("applications"u8) && reader.Read()) applications = reader.GetInt32();
            }
        }
        if (!HandshakeDone)
        {
            CompleteHandshake(error);
            return;
        }
        switch (type)
        {
            case Invocation when fairStats && countedAt is { } counted:
                FairStatsBytes = record.Length;
                Receipts.Add(new Receipt(version, applications, counted, (at - counted).TotalMilliseconds));
                _latestApplications = applications;
                Volatile.Write(ref _latestVersion, version);
                break;
            case Completion:
                _completion.TrySetResult(error);
                break;
            case Close:
                Failure ??= "hub closed the connection: " + (error ?? "no reason given");
                break;
            default:
                break;
        }
    }
}
