using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobFair.Tests.Support;

/// <summary>
/// A SignalR client over a real WebSocket, speaking the JSON hub protocol itself (the .NET
/// SignalR client is not obtainable here): a handshake, then JSON records each ended by 0x1E.
/// It connects straight to the WebSocket (as the JS client does with skipNegotiation), invokes
/// hub methods and records every event the server sends.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private const int Invocation = 1, Completion = 3, Ping = 6, Close = 7;

    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly TaskCompletionSource<JsonNode> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly List<(string Target, JsonNode Payload)> _events = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private int _invocationId;
    private Task _receiving = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;

    public string? CloseError { get; private set; }

    /// <summary>Connects to <c>/hubs/live</c>; with a bearer token in <c>?access_token=</c> and/or a cookie header, or as nobody.</summary>
    public static async Task<HubClient> ConnectAsync(Uri server, string? accessToken = null, string? cookie = null)
    {
        var query = accessToken is null ? "" : "access_token=" + Uri.EscapeDataString(accessToken);
        var uri = new UriBuilder(server) { Scheme = server.Scheme == "https" ? "wss" : "ws", Path = "/hubs/live", Query = query }.Uri;
        var client = new HubClient();
        if (cookie is not null) client._socket.Options.SetRequestHeader("Cookie", cookie);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client._socket.ConnectAsync(uri, timeout.Token);
        client._receiving = client.ReceiveLoopAsync();
        await client.SendRecordAsync(new JsonObject { ["protocol"] = "json", ["version"] = 1 });
        var handshake = await client._handshake.Task.WaitAsync(timeout.Token);
        if (handshake["error"] is { } error) throw new InvalidOperationException($"hub handshake refused: {error}");
        client._pinging = client.PingLoopAsync();
        // The handshake is answered before the hub's OnConnectedAsync has put the connection into its
        // groups; invocations are served only after it, so one round trip means the groups are joined.
        await client.BarrierAsync();
        return client;
    }

    /// <summary>Invokes a hub method and waits for its completion; returns the hub error, or null when it succeeded.</summary>
    public async Task<string?> InvokeAsync(string method, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _invocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        await SendRecordAsync(new JsonObject
        {
            ["type"] = Invocation, ["invocationId"] = id, ["target"] = method,
            ["arguments"] = JsonSerializer.SerializeToNode(arguments, Api.Json),
        });
        var result = await completion.Task.WaitAsync(TimeSpan.FromSeconds(15));
        return (string?)result["error"];
    }

    public async Task InvokeOkAsync(string method, params object?[] arguments)
    {
        var error = await InvokeAsync(method, arguments);
        Assert.True(error is null, $"{method} failed: {error}");
    }

    /// <summary>Invokes a hub method that must be refused with this code (SignalR sends "... HubException: code: detail").</summary>
    public async Task RefusedAsync(string code, string method, params object?[] arguments)
    {
        var error = await InvokeAsync(method, arguments);
        Assert.True(error?.Contains($"HubException: {code}:", StringComparison.Ordinal) == true,
            $"{method}({string.Join(", ", arguments)}) should be refused with {code}, got: {error ?? "success"}");
    }

    /// <summary>
    /// Returns once every message the server sent this connection before now has arrived: a
    /// completion travels the same ordered connection, after anything sent to it earlier.
    /// </summary>
    public Task BarrierAsync() => InvokeOkAsync("UnwatchFair", Guid.NewGuid());

    /// <summary>The events received so far with this target (wire name, as the contract spells it).</summary>
    public IReadOnlyList<JsonNode> Received(string target)
    {
        lock (_events) return _events.Where(e => e.Target == target).Select(e => e.Payload).ToList();
    }

    public IReadOnlyList<string> Targets()
    {
        lock (_events) return _events.Select(e => e.Target).ToList();
    }

    /// <summary>Waits (at most <paramref name="seconds"/>) for an event with this target whose payload matches.</summary>
    public async Task<JsonNode> NextAsync(string target, Func<JsonNode, bool>? match = null, int seconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            if (Received(target).FirstOrDefault(e => match?.Invoke(e) ?? true) is { } found) return found;
            try
            {
                // Short waits: another waiter on this client may take the wake-up meant for this one.
                await _arrived.WaitAsync(TimeSpan.FromMilliseconds(100), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no '{target}' event within {seconds}s; received: [{string.Join(", ", Targets())}]");
            }
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        var record = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var read = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (read.MessageType == WebSocketMessageType.Close) break;
                for (var i = 0; i < read.Count; i++)
                {
                    if (buffer[i] != RecordSeparator)
                    {
                        record.WriteByte(buffer[i]);
                        continue;
                    }
                    Dispatch(JsonNode.Parse(Encoding.UTF8.GetString(record.GetBuffer(), 0, (int)record.Length))!);
                    record.SetLength(0);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // closed by us or by the server
        }
        finally
        {
            _handshake.TrySetException(new InvalidOperationException("the connection closed during the handshake"));
            foreach (var pending in _pending.Values) pending.TrySetException(new InvalidOperationException($"the connection closed: {CloseError}"));
        }
    }

    private void Dispatch(JsonNode message)
    {
        if (!_handshake.Task.IsCompleted)
        {
            _handshake.TrySetResult(message);
            return;
        }
        switch ((int?)message["type"])
        {
            case Invocation:
                lock (_events) _events.Add(((string)message["target"]!, message["arguments"]!.AsArray()[0]!.DeepClone()));
                _arrived.Release();
                break;
            case Completion:
                if (_pending.TryRemove((string)message["invocationId"]!, out var completion)) completion.TrySetResult(message);
                break;
            case Close:
                CloseError = (string?)message["error"] ?? "closed";
                break;
            case Ping:
            default:
                break;
        }
    }

    /// <summary>The server drops a client it has not heard from for 30 s; tests on a busy machine can take that long.</summary>
    private async Task PingLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), _stop.Token);
                await SendRecordAsync(new JsonObject { ["type"] = Ping });
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // stopping
        }
    }

    private async Task SendRecordAsync(JsonNode record)
    {
        var bytes = Encoding.UTF8.GetBytes(record.ToJsonString() + (char)RecordSeparator);
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // the server went first
            }
        }
        await _stop.CancelAsync();
        await Task.WhenAll(_receiving, _pinging);
        _socket.Dispose();
        _stop.Dispose();
        _sending.Dispose();
        _arrived.Dispose();
    }
}
