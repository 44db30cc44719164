using System.Diagnostics;

namespace JobFair.Tests.Cluster;

/// <summary>
/// The RabbitMQ that deploy/cluster-test.sh provides, and its control script. Each test class gets a
/// virtual host of its own: the nodes of one class share queues such as <c>stale-figures</c> by
/// name, and in a shared virtual host another class's nodes (on another database) competed for
/// their messages, failed on them and sent them to the error queue, so an event could miss the test
/// waiting for it.
/// </summary>
internal static class ClusterBroker
{
    private static string BaseBus => Environment.GetEnvironmentVariable("JOBFAIR_TEST_BUS")
        ?? throw new InvalidOperationException("JOBFAIR_TEST_BUS is not set: run these tests through deploy/cluster-test.sh");

    /// <summary>The bus URI of a fresh virtual host named after the run's own and <paramref name="name"/>.</summary>
    public static async Task<string> VirtualHostAsync(string name)
    {
        var bus = new Uri(BaseBus);
        var vhost = $"{Uri.UnescapeDataString(bus.AbsolutePath.Trim('/'))}-{name}";
        await ControlAsync("broker-vhost", vhost);
        return new UriBuilder(bus) { Path = "/" + Uri.EscapeDataString(vhost) }.Uri.ToString();
    }

    /// <summary>Runs deploy/cluster.sh with the given command (broker-stop, broker-start, ...), which must succeed.</summary>
    public static async Task ControlAsync(params string[] command)
    {
        var script = Environment.GetEnvironmentVariable("JOBFAIR_CLUSTER_CTL")
            ?? throw new InvalidOperationException("JOBFAIR_CLUSTER_CTL is not set: run these tests through deploy/cluster-test.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, .. command]) { RedirectStandardOutput = true })!;
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"deploy/cluster.sh {string.Join(' ', command)} failed ({process.ExitCode})");
    }
}

/// <summary>
/// The cluster tests run one class at a time: one of them stops and starts the broker, which every
/// other class's nodes would lose in the middle of their own checks.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OneClusterClassAtATime
{
    public const string Name = "Cluster";
}
