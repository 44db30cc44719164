using System.Net;
using JobFair.Tests.Live;
using JobFair.Tests.Support;

namespace JobFair.Tests.Cluster;

/// <summary>
/// A booth's line served from two nodes through the real RabbitMQ (run by deploy/cluster-test.sh,
/// which provides the broker): whatever node a student or recruiter is connected to, the line's
/// events reach them there, once.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(OneClusterClassAtATime.Name)]
public sealed class BoothClusterTests(ClusterTests.SharedDatabase database) : IClassFixture<ClusterTests.SharedDatabase>
{
    private static readonly Lazy<Task<string>> ClassBus = new(() => ClusterBroker.VirtualHostAsync("booths"));

    private async Task<LiveNode> NodeAsync()
    {
        var node = new LiveNode(database.ConnectionString, settings:
            [("JOBFAIR_BUS", await ClassBus.Value), ("Outbox:BrokerSettle", "00:00:02"), ("RateLimits:SignInBurst", "100000"), ("RateLimits:SignInPerMinute", "100000")]);
        await node.InitializeAsync();
        return node;
    }

    [Fact]
    public async Task A_lines_events_reach_students_and_recruiters_on_either_node_exactly_once()
    {
        await using var a = await NodeAsync();
        await using var b = await NodeAsync();
        var scene = await a.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var students = await a.StudentsAsync(scene, 2);
        // The first student and the recruiter listen on node B, the second student and a fair watcher on node A.
        await using var firstOnB = await b.HubAsync(students[0].On(b));
        await using var recruiterOnB = await b.HubAsync(scene.Recruiter.On(b));
        await using var secondOnA = await a.HubAsync(students[1]);
        await using var watcherOnA = await a.HubAsync();
        await watcherOnA.InvokeOkAsync("WatchFair", scene.FairId);

        var first = (await students[0].JoinedAsync(scene)).Id();          // through node A
        var second = (await students[1].On(b).JoinedAsync(scene)).Id();   // through node B

        await firstOnB.NextAsync("queuePosition", e => (string?)e["entryId"] == first.ToString() && (int)e["position"]! == 1, seconds: 60);
        await secondOnA.NextAsync("queuePosition", e => (string?)e["entryId"] == second.ToString() && (int)e["position"]! == 2, seconds: 60);
        await recruiterOnB.NextAsync("queueChanged", e => (int)e["waiting"]! == 2, seconds: 60);
        await watcherOnA.NextAsync("queueChanged", e => (int)e["waiting"]! == 2, seconds: 60);

        // Called on node A; the student hears it on node B, the one behind on node A.
        var called = await scene.Recruiter.CalledAsync(scene);
        Assert.Equal(first, called.Id("entryId"));
        await firstOnB.NextAsync("called", seconds: 60);
        await secondOnA.NextAsync("queuePosition", e => (string?)e["entryId"] == second.ToString() && (int)e["position"]! == 1, seconds: 60);
        await recruiterOnB.NextAsync("queueChanged", e => (int)e["waiting"]! == 1, seconds: 60);

        // Skipped on node B; told on node B once, stored once.
        await Api.Expect(await scene.Recruiter.On(b).SkipAsync(scene, first), HttpStatusCode.OK);
        await firstOnB.NextAsync("queueLeft", seconds: 60);
        await a.AllEventsDeliveredAsync();
        await firstOnB.BarrierAsync();
        Assert.Single(firstOnB.Received("called"));
        Assert.Single(firstOnB.Received("queueLeft"));
        Assert.Empty(secondOnA.Received("called"));
        var stored = await students[0].On(b).GetJsonAsync("/api/me/notifications");
        Assert.Single(stored.Items(), n => (string?)n!["kind"] == "queue_left");
        Assert.Single(stored.Items(), n => (string?)n!["kind"] == "queue_called");
    }
}
