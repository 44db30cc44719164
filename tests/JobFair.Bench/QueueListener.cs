using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace JobFair.Bench;

/// <summary>One queuePosition as a student got it: the entry, the place, the moment the server read the line, the moment it arrived.</summary>
internal readonly record struct PlaceReceipt(Guid EntryId, int Position, DateTimeOffset AsOf, DateTimeOffset ReceivedAt);

/// <summary>
/// A signed-in student's SignalR connection to /hubs/live, as lean as thousands in one process
/// need (the JSON hub protocol over a WebSocket, like <see cref="HubWatcher"/>): the server puts it
/// in the student's own group on connect, so it only listens. Every queuePosition and called is
/// stamped on arrival, before it is parsed; <see cref="Called"/> runs when the student is called.
/// </summary>
internal sealed class QueueListener : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private const int Invocation = 1, Close = 7;
    private static readonly byte[] Handshake = Record("""{"protocol":"json","version":1}""");
    private static readonly byte[] Ping = Record("""{"type":6}""");

    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[8192];
    private readonly TaskCompletionSource<string?> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private volatile bool _closing;

    /// <summary>Written by the receive loop; read once the run's events are in (a lock guards the lists).</summary>
    public List<PlaceReceipt> Places { get; } = new(64);

    /// <summary>When each call reached the student, by entry.</summary>
    public Dictionary<Guid, DateTimeOffset> Calls { get; } = [];

    /// <summary>Runs (not awaited by the receive loop) when a called arrives: the entry id.</summary>
    public Func<Guid, Task>? Called { get; set; }

    public string? Failure { get; private set; }

    public bool IsOpen => _socket.State == WebSocketState.Open && Failure is null;

    public static async Task<QueueListener> ConnectAsync(Uri hub, string token, CancellationToken ct)
    {
        var listener = new QueueListener();
        try
        {
            listener._socket.Options.KeepAliveInterval = TimeSpan.Zero;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await listener._socket.ConnectAsync(new Uri(hub, $"?access_token={Uri.EscapeDataString(token)}"), timeout.Token);
            listener._receiving = listener.ReceiveLoopAsync();
            await listener._socket.SendAsync(Handshake, WebSocketMessageType.Text, true, timeout.Token);
            if (await listener._handshake.Task.WaitAsync(timeout.Token) is { } refused) throw new InvalidOperationException($"handshake refused: {refused}");
            return listener;
        }
        catch
        {
            await listener.DisposeAsync();
            throw;
        }
    }

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
                var at = DateTimeOffset.UtcNow; // first: parsing is not the server's latency
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
        }
    }

    private void OnRecord(ReadOnlySpan<byte> record, DateTimeOffset at)
    {
        if (!_handshake.Task.IsCompleted)
        {
            using var answer = JsonDocument.Parse(record.ToArray());
            _handshake.TrySetResult(answer.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null);
            return;
        }
        using var doc = JsonDocument.Parse(record.ToArray());
        var root = doc.RootElement;
        var type = root.TryGetProperty("type", out var t) ? t.GetInt32() : 0;
        if (type == Close)
        {
            Failure ??= "hub closed the connection";
            return;
        }
        if (type != Invocation || !root.TryGetProperty("target", out var target)) return;
        var payload = root.GetProperty("arguments")[0];
        switch (target.GetString())
        {
            case "queuePosition":
                lock (Places)
                    Places.Add(new PlaceReceipt(payload.GetProperty("entryId").GetGuid(), payload.GetProperty("position").GetInt32(),
                        payload.GetProperty("asOf").GetDateTimeOffset(), at));
                break;
            case "called":
                var entry = payload.GetProperty("entryId").GetGuid();
                lock (Places) Calls[entry] = at;
                if (Called is { } answer) _ = Task.Run(() => answer(entry));
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
