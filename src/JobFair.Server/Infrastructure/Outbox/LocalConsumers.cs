using System.Collections.Concurrent;
using MassTransit;

namespace JobFair.Server.Infrastructure.Outbox;

/// <summary>
/// A consumer that works for this node only (it pushes to the node's own hub connections), so it
/// records what it processed under a name of its own per node.
/// </summary>
public interface INodeLocalConsumer;

/// <summary>This process among the nodes: names its per-node queue and its per-node consumer records.</summary>
public sealed class NodeIdentity(IConfiguration config)
{
    /// <summary>
    /// <c>JOBFAIR_NODE</c> when the deployment names its nodes (deploy/cluster.sh does; no two running
    /// nodes may share a name): a relaunched node then finds the live events that arrived while it was
    /// down in its own queue, and its queue and exchange are not left behind. Otherwise new at every start.
    /// </summary>
    public string Id { get; } = Named(config["JOBFAIR_NODE"])
        ?? $"{Named(Environment.MachineName) ?? "node"}-{Guid.NewGuid().ToString("N")[..8]}";

    private static string? Named(string? name)
    {
        var kept = new string((name ?? "").ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray());
        return kept.Length == 0 ? null : kept;
    }
}

/// <summary>
/// The server's own consumers and the names under which they record processed messages
/// (<see cref="ProcessOnceExtensions.ProcessOnceAsync"/>). With the in-memory bus a published
/// message lives only in this process, so the dispatcher forgets an outbox row only once every
/// consumer listed here for its type has recorded it; until then it publishes it again.
/// </summary>
public sealed class LocalConsumers(NodeIdentity node)
{
    private static readonly Type[] ConsumerTypes = typeof(LocalConsumers).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && MessageTypes(t).Any())
        .ToArray();

    private readonly ConcurrentDictionary<Type, string[]> _byMessage = new();

    /// <summary>The name a consumer records its processed messages under.</summary>
    public string NameOf(Type consumer) =>
        typeof(INodeLocalConsumer).IsAssignableFrom(consumer) ? $"{consumer.Name}@{node.Id}" : consumer.Name;

    public string NameOf<TConsumer>() where TConsumer : IConsumer => NameOf(typeof(TConsumer));

    /// <summary>Every local consumer that receives a message of this type (MassTransit delivers by base types too).</summary>
    public IReadOnlyList<string> For(Type messageType) => _byMessage.GetOrAdd(messageType, type => ConsumerTypes
        .Where(c => MessageTypes(c).Any(m => m.IsAssignableFrom(type)))
        .Select(NameOf)
        .Order(StringComparer.Ordinal)
        .ToArray());

    private static IEnumerable<Type> MessageTypes(Type consumer) => consumer.GetInterfaces()
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
        .Select(i => i.GetGenericArguments()[0]);
}
