using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace JobFair.Tests.Support;

/// <summary>
/// A TCP relay on a loopback port in front of a real server (PostgreSQL, RabbitMQ), that a test can
/// cut as if that server went away: every open connection is dropped and new ones are closed at once,
/// until the test restores it. Lets one app lose its database or broker while every other test keeps it.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<int, (TcpClient Client, TcpClient Server)> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _next;
    private volatile bool _cut;
    private volatile TaskCompletionSource _flowing = Flowing();

    public TcpRelay(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Drops every connection and refuses new ones (they are closed as soon as accepted).</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var (id, pair) in _open)
        {
            Close(pair);
            _open.TryRemove(id, out _);
        }
    }

    public void Restore() => _cut = false;

    /// <summary>
    /// Holds every byte in both directions while connections stay open, as a server stopped with SIGSTOP
    /// does: its peers wait on answers that do not come, until <see cref="Thaw"/>.
    /// </summary>
    public void Freeze() => _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Thaw() => _flowing.TrySetResult();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            if (_cut)
            {
                client.Dispose();
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            client.Dispose();
            server.Dispose();
            return;
        }
        var id = Interlocked.Increment(ref _next);
        _open[id] = (client, server);
        if (_cut) Close((client, server)); // cut while connecting
        await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        Close((client, server));
        _open.TryRemove(id, out _);
    }

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var (reading, writing) = (from.GetStream(), to.GetStream());
            while (await reading.ReadAsync(buffer) is var read and > 0)
            {
                await _flowing.Task; // frozen: held until thawed
                await writing.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or SocketException) { }
    }

    private static void Close((TcpClient Client, TcpClient Server) pair)
    {
        pair.Client.Dispose();
        pair.Server.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        Thaw();
        await _accepting;
        _stop.Dispose();
    }
}
