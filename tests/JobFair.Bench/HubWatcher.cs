using System.Net.WebSockets;
using System.Text;
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
internal sealed class HubWatcher : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private const int Invocation = 1, Completion = 3, Close = 7;
    private static readonly byte[] Handshake = Record("""{"protocol":"json","version":1}""");
    private static readonly byte[] Ping = Record("""{"type":6}""");

    private readonly ClientWebSocket _socket = new();
    // A fairStats record is about half a kilobyte; a record that does not fit is an error, not a resize.
    private readonly byte[] _buffer = new byte[4096];
    private readonly TaskCompletionSource<string?> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private volatile int _latestApplications = -1;
    private volatile bool _closing;
    private long _latestVersion = -1;

    /// <summary>Written by this connection's receive loop only; read once it has stopped (<see cref="DisposeAsync"/>).</summary>
    public List<Receipt> Receipts { get; } = new(128);

    /// <summary>The applications figure of the latest fairStats (-1 before the first).</summary>
    public int LatestApplications => _latestApplications;

    /// <summary>The size of the latest fairStats record on the wire (without its separator), to show both paths send the same.</summary>
    public int FairStatsBytes { get; private set; }

    /// <summary>The version of the latest fairStats (-1 before the first).</summary>
    public long LatestVersion => Volatile.Read(ref _latestVersion);

    /// <summary>Why the connection ended before we ended it, if it did.</summary>
    public string? Failure { get; private set; }

    public bool IsOpen => _socket.State == WebSocketState.Open && Failure is null;

    /// <summary>Connects to the hub, shakes hands and invokes <paramref name="method"/>; returns once the server has completed it.</summary>
    public static async Task<HubWatcher> ConnectAsync(Uri hub, string method, Guid? argument, CancellationToken ct)
    {
        var watcher = new HubWatcher();
        try
        {
            // SignalR's own pings (below) keep the connection alive; WebSocket-level ones would only add traffic.
            watcher._socket.Options.KeepAliveInterval = TimeSpan.Zero;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await watcher._socket.ConnectAsync(hub, timeout.Token);
            watcher._receiving = watcher.ReceiveLoopAsync();
            await watcher._socket.SendAsync(Handshake, WebSocketMessageType.Text, true, timeout.Token);
            if (await watcher._handshake.Task.WaitAsync(timeout.Token) is { } refused) throw new InvalidOperationException($"handshake refused: {refused}");
            var arguments = argument is { } id ? $"\"{id}\"" : "";
            await watcher._socket.SendAsync(Record($$"""{"type":1,"invocationId":"0","target":"{{method}}","arguments":[{{arguments}}]}"""),
                WebSocketMessageType.Text, true, timeout.Token);
            if (await watcher._completion.Task.WaitAsync(timeout.Token) is { } error) throw new InvalidOperationException($"{method} refused: {error}");
            return watcher;
        }
        catch
        {
            await watcher.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server drops a client it has not heard from for 30 s.</summary>
    public Task PingAsync(CancellationToken ct) =>
        IsOpen ? _socket.SendAsync(Ping, WebSocketMessageType.Text, true, ct) : Task.CompletedTask;

    private async Task ReceiveLoopAsync()
    {
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(_buffer.AsMemory(filled), _stop.Token);
                // The receipt time, first: parsing and bookkeeping are not the server's latency.
                var at = DateTimeOffset.UtcNow;
                if (read.MessageType == WebSocketMessageType.Close)
                {
                    if (!_closing) Failure ??= $"closed by the server ({_socket.CloseStatus} {_socket.CloseStatusDescription})";
                    break;
                }
                filled += read.Count;
                var start = 0;
                int end;
                while ((end = Array.IndexOf(_buffer, RecordSeparator, start, filled - start)) >= 0)
                {
                    OnRecord(_buffer.AsSpan(start, end - start), at);
                    start = end + 1;
                }
                if (start > 0)
                {
                    Buffer.BlockCopy(_buffer, start, _buffer, 0, filled - start);
                    filled -= start;
                }
                if (filled == _buffer.Length) throw new InvalidOperationException($"a hub record longer than {_buffer.Length} bytes");
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // ended by us
        }
#pragma warning disable CA1031 // A connection that fails is counted as failed (Failure), never fatal to the run.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Failure ??= e.Message;
        }
        finally
        {
            _handshake.TrySetResult(Failure ?? "the connection closed");
            _completion.TrySetResult(Failure ?? "the connection closed");
        }
    }

    /// <summary>One hub record: the handshake answer, the join's completion, a fairStats, a close; pings are ignored.</summary>
    private void OnRecord(ReadOnlySpan<byte> record, DateTimeOffset at)
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
        if (!_handshake.Task.IsCompleted)
        {
            _handshake.TrySetResult(error);
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

    private static byte[] Record(string json) => Encoding.UTF8.GetBytes(json + (char)RecordSeparator);

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // the server went first
            }
        }
        await _stop.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _stop.Dispose();
    }
}
