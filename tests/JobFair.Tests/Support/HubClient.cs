using System.Net.WebSockets;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobFair.Server.Features.Interviews.Rooms;
using JobFair.Server.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace JobFair.Tests.Support;

/// <summary>
/// A hub connection through the official .NET SignalR client, as a real client makes it:
/// negotiation, then WebSockets, keep-alive pings and automatic reconnection. It records every
/// event the server sends (each target of <see cref="ILiveClient"/>), and passes a bearer token
/// in <c>?access_token=</c> on the WebSocket as browsers must (and in the header on negotiate).
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    /// <summary>Every event of the contract and of the room hub, by its wire name.</summary>
    private static readonly string[] ContractEvents = typeof(ILiveClient).GetMethods().Concat(typeof(IRoomClient).GetMethods())
        .Select(m => m.GetCustomAttribute<HubMethodNameAttribute>()?.Name ?? m.Name).ToArray();

    private readonly HubConnection _connection;
    private readonly List<(string Target, JsonNode Payload)> _events = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private WebSocket? _socket;
    private TaskCompletionSource? _reconnected;

    /// <summary>A hub method that changes nothing, for <see cref="BarrierAsync"/>.</summary>
    private readonly string _noOp;

    private HubClient(Uri server, string? accessToken, string? cookie, string hubPath)
    {
        _noOp = hubPath == RoomHub.Path ? "LeaveRoom" : "UnwatchFair";
        var hub = new UriBuilder(server) { Path = hubPath }.Uri;
        _connection = new HubConnectionBuilder()
            .WithUrl(hub, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                if (accessToken is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                if (cookie is not null) o.Headers["Cookie"] = cookie;
                o.WebSocketFactory = (context, ct) => OpenSocketAsync(context, accessToken, ct);
            })
            .WithAutomaticReconnect()
            .Build();
        foreach (var target in ContractEvents)
            _connection.On(target, [typeof(JsonElement)], arguments =>
            {
                lock (_events) _events.Add((target, JsonNode.Parse(((JsonElement)arguments[0]!).GetRawText())!));
                _arrived.Release();
                return Task.CompletedTask;
            });
        _connection.Closed += e =>
        {
            CloseError = e?.Message ?? "closed";
            return Task.CompletedTask;
        };
        _connection.Reconnected += _ =>
        {
            _reconnected?.TrySetResult();
            return Task.CompletedTask;
        };
    }

    public string? CloseError { get; private set; }

    /// <summary>Connects to <c>/hubs/live</c> (or another hub); with a bearer token and/or a cookie header, or as nobody.</summary>
    public static async Task<HubClient> ConnectAsync(Uri server, string? accessToken = null, string? cookie = null,
        string hubPath = LiveSetup.HubPath)
    {
        var client = new HubClient(server, accessToken, cookie, hubPath);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client._connection.StartAsync(timeout.Token);
        // The handshake is answered before the hub's OnConnectedAsync has put the connection into its
        // groups; invocations are served only after it, so one round trip means the groups are joined.
        await client.BarrierAsync();
        return client;
    }

    /// <summary>Invokes a hub method and waits for its completion; returns the hub error, or null when it succeeded.</summary>
    public async Task<string?> InvokeAsync(string method, params object?[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _connection.InvokeCoreAsync(method, arguments, timeout.Token);
            return null;
        }
        catch (HubException e)
        {
            return e.Message;
        }
    }

    /// <summary>Invokes a hub method that must succeed and returns what it returned.</summary>
    public async Task<JsonNode> CallAsync(string method, params object?[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            var result = (JsonElement)(await _connection.InvokeCoreAsync(method, typeof(JsonElement), arguments, timeout.Token))!;
            return JsonNode.Parse(result.GetRawText())!;
        }
        catch (HubException e)
        {
            Assert.Fail($"{method} failed: {e.Message}");
            throw;
        }
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
    /// completion travels the same ordered connection, after anything sent to it earlier, and the
    /// client runs the handlers of earlier messages before it completes the invocation.
    /// </summary>
    public Task BarrierAsync() => InvokeOkAsync(_noOp, Guid.NewGuid());

    /// <summary>
    /// Breaks the transport as a lost network would (no close handshake) and returns once the
    /// client has reconnected by itself, with a new connection the hub has accepted.
    /// </summary>
    public async Task DropAndReconnectAsync()
    {
        _reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _socket!.Abort();
        await _reconnected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await BarrierAsync();
    }

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

    /// <summary>
    /// The WebSocket as a browser opens it: the token in <c>?access_token=</c> (a browser cannot
    /// set headers on a WebSocket), the cookie in its header. Kept so that a test can break it.
    /// </summary>
    private async ValueTask<WebSocket> OpenSocketAsync(WebSocketConnectionContext context, string? accessToken, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        foreach (var (name, value) in context.Options.Headers) socket.Options.SetRequestHeader(name, value);
        var uri = context.Uri;
        if (accessToken is not null)
            uri = new UriBuilder(uri) { Query = uri.Query.TrimStart('?') + "&access_token=" + Uri.EscapeDataString(accessToken) }.Uri;
        try
        {
            await socket.ConnectAsync(uri, ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        return socket;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _arrived.Dispose();
    }
}
