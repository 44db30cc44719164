using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace JobFair.Server.Infrastructure;

/// <summary>
/// With RabbitMQ, how a consumer that keeps failing gets its message again: after the bounded
/// immediate retry (<see cref="Bus"/>: 5 tries within about 6 seconds) MassTransit moves the message
/// to the endpoint's <c>_error</c> queue; <see cref="ErrorQueueRedriver"/> sends it back to its queue
/// after a delay that grows with each round, for as long as it keeps failing. A database restart of
/// minutes therefore delays events, it never drops them.
/// </summary>
public sealed class RedriveOptions
{
    /// <summary>How often each node looks into the error queues of its endpoints.</summary>
    public TimeSpan Sweep { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one broker operation of the sweep may take before it is given up (the client's continuation timeout).</summary>
    public TimeSpan BrokerTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The delay before the first, second, … return to the queue (comma-separated; the last one repeats).</summary>
    public string Delays { get; set; } = "00:00:05,00:00:30,00:02:00,00:10:00";

    public IReadOnlyList<TimeSpan> DelayList() =>
        Delays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => TimeSpan.Parse(d, CultureInfo.InvariantCulture)).ToList();
}

/// <summary>The receive endpoints (queues) this node configured, as MassTransit named them.</summary>
public sealed class BusEndpoints
{
    private readonly ConcurrentDictionary<string, bool> _names = new(StringComparer.Ordinal);

    public void Add(string queue) => _names.TryAdd(queue, true);

    public IReadOnlyList<string> Names => _names.Keys.Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// Moves what lands in an endpoint's <c>_error</c> queue back to the endpoint, through a waiting
/// queue per delay: a durable queue whose messages expire after that delay and are then dead-lettered
/// by the broker to their routing key, the endpoint's queue (RabbitMQ's delayed-message plugin is not
/// part of Debian's package, so delays are made from TTL and dead-lettering, which are). The number
/// of returns so far travels in a header and picks the next delay. Every node sweeps its own endpoints
/// (shared queues compete; a node's live queue is swept by that node only); each message is published
/// to its waiting queue with a publisher confirm before it is acknowledged in the error queue, so a
/// crash in between at worst returns it twice, and consumers take effect once anyway.
/// </summary>
internal sealed partial class ErrorQueueRedriver(BusEndpoints endpoints, IOptions<RedriveOptions> options, IConfiguration config,
    NodeIdentity node, ILogger<ErrorQueueRedriver> log) : BackgroundService
{
    public const string ReturnsHeader = "jobfair-redrives";
    /// <summary>At most this many messages from one error queue per sweep, so one flood does not starve the others.</summary>
    private const int PerSweep = 500;

    private IConnection? _connection;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var factory = ConnectionFactoryFor(new Uri(config["JOBFAIR_BUS"]!));
        factory.ContinuationTimeout = options.Value.BrokerTimeout;
        var failures = 0;
        IConnection? broken = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (broken is not null)
                {
                    var old = broken;
                    broken = null;
                    await old.DisposeAsync();
                }
                if (_connection is not { IsOpen: true })
                {
                    if (_connection is not null) await _connection.DisposeAsync();
                    _connection = await factory.CreateConnectionAsync($"jobfair-redrive-{node.Id}", stoppingToken);
                }
                await SweepAsync(_connection, stoppingToken);
                failures = 0;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The broker is away, frozen or slow (the bus says so too, in /health/ready): whatever the client throws (an
                // operation that timed out is a TaskCanceledException), drop the connection and try again at the next sweep,
                // without a warning each time. An exception escaping here would stop the whole node (StopHost).
                if (++failures == 1) LogBrokerAway(e.GetType().Name + ": " + e.Message);
                (broken, _connection) = (_connection, null);
            }
            try { await Task.Delay(options.Value.Sweep, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        if (_connection is not null) await _connection.DisposeAsync();
    }

    /// <summary>Returns the due share of every error queue of this node's endpoints to the waiting queues.</summary>
    public async Task SweepAsync(IConnection connection, CancellationToken ct)
    {
        var delays = options.Value.DelayList();
        var channel = await OpenAsync(connection, delays, ct);
        try
        {
            foreach (var queue in endpoints.Names)
            {
                var errors = queue + "_error";
                uint waiting;
                try
                {
                    waiting = (await channel.QueueDeclarePassiveAsync(errors, ct)).MessageCount;
                }
                catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
                {
                    // No message ever failed there (MassTransit declares an error queue on first use); the channel is closed now.
                    await channel.DisposeAsync();
                    channel = await OpenAsync(connection, delays, ct);
                    continue;
                }
                var moved = 0;
                var longest = TimeSpan.Zero;
                while (moved < Math.Min(waiting, PerSweep) && await channel.BasicGetAsync(errors, autoAck: false, ct) is { } message)
                {
                    var returns = Returns(message.BasicProperties);
                    var delay = delays[Math.Min(returns, delays.Count - 1)];
                    var properties = new BasicProperties(message.BasicProperties)
                    {
                        Headers = new Dictionary<string, object?>(message.BasicProperties.Headers ?? new Dictionary<string, object?>())
                        {
                            [ReturnsHeader] = returns + 1,
                        },
                        Expiration = null,
                    };
                    // Routed by its key to the waiting queue's exchange; dead-lettered after the delay to that key: the endpoint's queue.
                    await channel.BasicPublishAsync(WaitingName(delay), queue, mandatory: false, properties, message.Body.ToArray(), ct);
                    await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
                    moved++;
                    if (delay > longest) longest = delay;
                }
                if (moved > 0) LogReturned(moved, errors, queue, longest);
            }
        }
        finally
        {
            await channel.DisposeAsync();
        }
    }

    /// <summary>A channel with publisher confirms, and the waiting queues declared (declaring again is harmless).</summary>
    private static async Task<IChannel> OpenAsync(IConnection connection, IReadOnlyList<TimeSpan> delays, CancellationToken ct)
    {
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        foreach (var delay in delays.Distinct())
        {
            var name = WaitingName(delay);
            await channel.ExchangeDeclareAsync(name, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
            await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
            {
                ["x-message-ttl"] = (long)delay.TotalMilliseconds,
                ["x-dead-letter-exchange"] = "", // the default exchange: routes by the message's key, its endpoint's queue
            }, cancellationToken: ct);
            await channel.QueueBindAsync(name, name, "", cancellationToken: ct);
        }
        return channel;
    }

    public static string WaitingName(TimeSpan delay) => $"jobfair-redrive-wait-{(long)delay.TotalMilliseconds}ms";

    private static int Returns(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(ReturnsHeader, out var value) == true
            ? value switch
            {
                int i => i,
                long l => (int)l,
                byte[] text when int.TryParse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => 0,
            }
            : 0;

    /// <summary>The broker of <c>JOBFAIR_BUS</c> (rabbitmq://user:password@host:port/virtual-host).</summary>
    public static ConnectionFactory ConnectionFactoryFor(Uri bus)
    {
        var user = bus.UserInfo.Split(':', 2);
        var virtualHost = Uri.UnescapeDataString(bus.AbsolutePath.Trim('/'));
        return new ConnectionFactory
        {
            HostName = bus.Host,
            Port = bus.IsDefaultPort || bus.Port <= 0 ? AmqpTcpEndpoint.UseDefaultPort : bus.Port,
            UserName = user.Length > 0 && user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : "guest",
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : "guest",
            VirtualHost = virtualHost.Length == 0 ? "/" : virtualHost,
            AutomaticRecoveryEnabled = false, // a new connection at the next sweep instead
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };
    }

    [LoggerMessage(LogLevel.Warning, "Returned {Count} failed messages from {ErrorQueue} to {Queue} (after at most {Delay})")]
    private partial void LogReturned(int count, string errorQueue, string queue, TimeSpan delay);

    [LoggerMessage(LogLevel.Information, "The broker cannot be reached to look into error queues ({Reason}); will try again")]
    private partial void LogBrokerAway(string reason);
}
