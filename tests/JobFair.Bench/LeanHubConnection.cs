using System.Net.WebSockets;
using System.Text;

namespace JobFair.Bench;

/// <summary>
/// The SignalR JSON hub protocol over a bare WebSocket, as lean as thousands of connections in one
/// process need: handshake, records split on the record separator and stamped on arrival (before
/// they are parsed: parsing is not the server's latency), SignalR pings, a clean close. What a record
/// means is the subclass's (<see cref="HubWatcher"/>, <see cref="QueueListener"/>).
/// </summary>
internal abstract class LeanHubConnection(int bufferBytes) : IAsyncDisposable
{
    protected const byte RecordSeparator = 0x1e;
    protected const int Invocation = 1, Completion = 3, Close = 7;
    private static readonly byte[] Handshake = Record("""{"protocol":"json","version":1}""");
    private static readonly byte[] Ping = Record("""{"type":6}""");

    private readonly ClientWebSocket _socket = new();
    // A record that does not fit is an error, not a resize.
    private readonly byte[] _buffer = new byte[bufferBytes];
    private readonly TaskCompletionSource<string?> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private volatile bool _closing;

    /// <summary>Why the connection ended before we ended it, if it did.</summary>
    public string? Failure { get; protected set; }

    public bool IsOpen => _socket.State == WebSocketState.Open && Failure is null;

    /// <summary>Whether the server has answered the handshake (the first record is its answer).</summary>
    protected bool HandshakeDone => _handshake.Task.IsCompleted;

    protected void CompleteHandshake(string? error) => _handshake.TrySetResult(error);

    /// <summary>Connects and shakes hands; throws when either is refused or takes over 60 s.</summary>
    protected async Task OpenAsync(Uri hub, CancellationToken timeout)
    {
        // SignalR's own pings (PingAsync) keep the connection alive; WebSocket-level ones would only add traffic.
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(hub, timeout);
        _receiving = ReceiveLoopAsync();
        await _socket.SendAsync(Handshake, WebSocketMessageType.Text, true, timeout);
        if (await _handshake.Task.WaitAsync(timeout) is { } refused) throw new InvalidOperationException($"handshake refused: {refused}");
    }

    protected Task SendAsync(string json, CancellationToken ct) => _socket.SendAsync(Record(json), WebSocketMessageType.Text, true, ct);

    /// <summary>The server drops a client it has not heard from for 30 s.</summary>
    public Task PingAsync(CancellationToken ct) =>
        IsOpen ? _socket.SendAsync(Ping, WebSocketMessageType.Text, true, ct) : Task.CompletedTask;

    /// <summary>One hub record (without its separator) and when it arrived.</summary>
    protected abstract void OnRecord(ReadOnlySpan<byte> record, DateTimeOffset at);

    /// <summary>The receive loop has ended (closed, failed or stopped): release whoever still waits.</summary>
    protected virtual void OnEnded(string reason) { }

    private async Task ReceiveLoopAsync()
    {
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(_buffer.AsMemory(filled), _stop.Token);
                var at = DateTimeOffset.UtcNow; // first: parsing and bookkeeping are not the server's latency
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
            OnEnded(Failure ?? "the connection closed");
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
        GC.SuppressFinalize(this);
    }
}
