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
    [Fact]
    public async Task Recruiters_on_two_nodes_pressing_next_together_call_every_student_once_and_tell_each_once()
    {
        await using var a = await NodeAsync();
        await using var b = await NodeAsync();
        var scene = await a.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var colleagueOnB = (await a.ColleagueAsync(scene)).On(b);
        var students = await a.StudentsAsync(scene, 16);
        var phones = new List<HubClient>();
        var entries = new List<Guid>();
        for (var i = 0; i < students.Count; i++)
        {
            // Half the students listen on node A, half on node B.
            phones.Add(i % 2 == 0 ? await a.HubAsync(students[i]) : await b.HubAsync(students[i].On(b)));
            entries.Add((await students[i].JoinedAsync(scene)).Id());
        }

        // One recruiter presses next through node A, the other through node B, released together, until the line is empty.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        await Task.WhenAll(new[] { scene.Recruiter, colleagueOnB }.Select(r => Task.Run(async () =>
        {
            await gate.Task;
            while (true)
            {
                var answer = await r.NextAsync(scene);
                if (answer.StatusCode == HttpStatusCode.Conflict)
                {
                    await Api.ExpectProblem(answer, HttpStatusCode.Conflict, "queue_empty");
                    return;
                }
                calls.Add((await Api.Expect(answer, HttpStatusCode.OK)).Id("entryId"));
            }
        })).Append(Task.Run(gate.SetResult)));

        Assert.Equal(entries.Order(), calls.Order()); // everyone called, nobody twice, whichever node answered
        await a.AllEventsDeliveredAsync();
        await b.AllEventsDeliveredAsync();
        for (var i = 0; i < phones.Count; i++)
        {
            var entry = entries[i].ToString();
            await phones[i].NextAsync("called", e => (string?)e["entryId"] == entry, seconds: 60);
            await phones[i].BarrierAsync();
            Assert.Single(phones[i].Received("called"));
        }
        foreach (var phone in phones) await phone.DisposeAsync();
    }
}
