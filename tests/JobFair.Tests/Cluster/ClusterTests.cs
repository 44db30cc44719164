using System.Diagnostics;
using System.Net;
using JobFair.Tests.Live;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Cluster;

/// <summary>
/// Two server nodes on one database, carrying events through a real RabbitMQ. Run by
/// deploy/cluster-test.sh (category Cluster), which provides the broker; run without it, these
/// tests fail rather than pass silently.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ClusterTests(ClusterTests.SharedDatabase database) : IClassFixture<ClusterTests.SharedDatabase>
{
    /// <summary>Only provides the database; its own dispatcher is off, so the nodes below do all the publishing.</summary>
    public sealed class SharedDatabase : JobFairApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Outbox:Enabled", "false")];
    }

    private static string Bus => Environment.GetEnvironmentVariable("JOBFAIR_TEST_BUS")
        ?? throw new InvalidOperationException("JOBFAIR_TEST_BUS is not set: run these tests through deploy/cluster-test.sh");

    private async Task<LiveNode> NodeAsync()
    {
        var node = new LiveNode(database.ConnectionString, settings: [("JOBFAIR_BUS", Bus), ("Outbox:BrokerSettle", "00:00:02")]);
        await node.InitializeAsync();
        return node;
    }

    private static async Task BrokerAsync(string command)
    {
        var script = Environment.GetEnvironmentVariable("JOBFAIR_CLUSTER_CTL")
            ?? throw new InvalidOperationException("JOBFAIR_CLUSTER_CTL is not set: run these tests through deploy/cluster-test.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, command]) { RedirectStandardOutput = true })!;
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task An_event_from_one_node_reaches_connections_on_both_nodes_exactly_once()
    {
        await using var a = await NodeAsync();
        await using var b = await NodeAsync();
        var scene = await a.FairSceneAsync();
        var (student, _, resume) = await a.ApplicantAsync(scene, "跨节点");
        var (student2, _, resume2) = await a.ApplicantAsync(scene, "第二位");
        // The recruiter signed in on node A; the same token works on node B.
        await using var onA = await a.HubAsync(scene.Recruiter);
        await using var onB = await b.HubAsync(scene.Recruiter.On(b));
        await using var watcherOnB = await b.HubAsync();
        await watcherOnB.InvokeOkAsync("WatchFair", scene.FairId);

        var first = await student.On(b).AppliedAsync(scene, resume);
        var second = await student2.AppliedAsync(scene, resume2);

        foreach (var hub in new[] { onA, onB })
        {
            // The second application's event follows the first through the same queue: once it is here, a duplicate of the first would be too.
            await hub.NextAsync("applicationReceived", e => (string?)e["applicationId"] == second.ToString(), seconds: 60);
            Assert.Single(hub.Received("applicationReceived"), e => (string?)e!["applicationId"] == first.ToString());
        }
        await watcherOnB.NextAsync("fairStats", e => (int)e["applications"]! == 2, seconds: 60);
        var notifications = await scene.Recruiter.On(b).GetJsonAsync("/api/me/notifications");
        Assert.Equal(2, notifications.Items().Count(n => (string?)n!["kind"] == "application_received"));
    }

    [Fact]
    public async Task While_the_broker_is_away_requests_succeed_and_the_outbox_delivers_when_it_returns()
    {
        await using var a = await NodeAsync();
        await using var b = await NodeAsync();
        var scene = await a.FairSceneAsync();
        var (student, _, resume) = await a.ApplicantAsync(scene, "断网");
        await using var recruiterOnB = await b.HubAsync(scene.Recruiter.On(b));
        await a.AllEventsDeliveredAsync();

        await BrokerAsync("broker-stop");
        Guid application;
        try
        {
            application = await student.AppliedAsync(scene, resume);
            await Api.Expect(await scene.Recruiter.SetStatusAsync(application, "viewed"), HttpStatusCode.OK);
            // Nothing can be delivered: the events wait in the outbox.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(2, await database.WithDb(db => db.OutboxMessages.CountAsync(m => m.SentAt == null &&
                (m.Type.Contains("ApplicationSubmitted") || m.Type.Contains("ApplicationStatusChanged")))));
        }
        finally
        {
            await BrokerAsync("broker-start");
        }

        var received = await recruiterOnB.NextAsync("applicationReceived", e => (string?)e["applicationId"] == application.ToString(), seconds: 90);
        Assert.Equal("断网", (string?)received["student"]!["name"]);
        await Eventually.True(() => database.WithDb(db => db.FairStats.AnyAsync(s => s.FairId == scene.FairId && s.Applications == 1)),
            "the fair's figures to count the application", seconds: 90);
        await a.AllEventsDeliveredAsync();
        Assert.Single(recruiterOnB.Received("applicationReceived"));
    }
}
