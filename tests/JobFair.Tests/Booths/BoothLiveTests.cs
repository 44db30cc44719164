using System.Net;
using System.Text.Json.Nodes;
using JobFair.Tests.Support;

namespace JobFair.Tests.Booths;

/// <summary>
/// A line's live events reach exactly their audience over real WebSockets: a student's place and
/// call only that student; the line's length the employer's recruiters and the fair's watchers.
/// "Nothing arrived" is proved as in LiveEventTests: every event delivered, then a round trip.
/// </summary>
public sealed class BoothLiveTests(LiveBoothApp app) : IClassFixture<LiveBoothApp>
{
    [Fact]
    public async Task A_join_tells_the_student_their_place_and_the_recruiters_and_fair_watchers_the_line()
    {
        var scene = await app.FairSceneAsync();
        var (otherRecruiter, _) = await app.SecondEmployerAsync(scene);
        await scene.Recruiter.OpenBoothAsync(scene);
        var students = await app.StudentsAsync(scene, 2);
        await using var studentHub = await app.HubAsync(students[0]);
        await using var classmateHub = await app.HubAsync(students[1]);
        await using var recruiterHub = await app.HubAsync(scene.Recruiter);
        await using var otherRecruiterHub = await app.HubAsync(otherRecruiter);
        await using var watcher = await app.HubAsync();
        await watcher.InvokeOkAsync("WatchFair", scene.FairId);
        await using var bystander = await app.HubAsync();

        var entry = (await students[0].JoinedAsync(scene)).Id();

        var place = await studentHub.NextAsync("queuePosition", e => Is(e["entryId"], entry));
        Assert.Equal((1, 0, 5), ((int)place["position"]!, (int)place["ahead"]!, (int)place["etaMinutes"]!));
        Assert.True(Is(place["fairId"], scene.FairId) && Is(place["employerId"], scene.EmployerId));
        Assert.True((int)place["etaMinutesLow"]! <= 5 && (int)place["etaMinutesHigh"]! >= 5);
        foreach (var hub in new[] { recruiterHub, watcher })
        {
            var changed = await hub.NextAsync("queueChanged", e => (int)e["waiting"]! == 1);
            Assert.True(Is(changed["fairId"], scene.FairId) && Is(changed["employerId"], scene.EmployerId));
            Assert.True((bool)changed["open"]!);
        }

        await app.AllEventsDeliveredAsync();
        Assert.True(await classmateHub.NothingArrivedAsync("queuePosition"));
        foreach (var hub in new[] { classmateHub, otherRecruiterHub, bystander })
            Assert.True(await hub.NothingArrivedAsync("queueChanged"));
        Assert.True(await studentHub.NothingArrivedAsync("called"));
    }

    [Fact]
    public async Task Next_calls_one_student_into_the_room_and_everyone_behind_hears_their_new_place()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var students = await app.StudentsAsync(scene, 3);
        var entries = new List<Guid>();
        foreach (var student in students) entries.Add((await student.JoinedAsync(scene)).Id());
        var hubs = new List<HubClient>();
        foreach (var student in students) hubs.Add(await app.HubAsync(student));
        await using var recruiterHub = await app.HubAsync(scene.Recruiter);
        try
        {
            await scene.Recruiter.CalledAsync(scene);

            var called = await hubs[0].NextAsync("called");
            Assert.Equal($"/rooms/{entries[0]}", (string?)called["roomUrl"]);
            Assert.True(Is(called["entryId"], entries[0]) && Is(called["employerId"], scene.EmployerId));
            Assert.True(DateTimeOffset.Parse((string)called["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddSeconds(30));
            Assert.Equal(0, (int)(await hubs[1].NextAsync("queuePosition", e => Is(e["entryId"], entries[1]) && (int)e["position"]! == 1))["ahead"]!);
            await hubs[2].NextAsync("queuePosition", e => Is(e["entryId"], entries[2]) && (int)e["position"]! == 2);
            await recruiterHub.NextAsync("queueChanged", e => (int)e["waiting"]! == 2);
            var stored = await hubs[0].NextAsync("notification", e => (string?)e["kind"] == "queue_called");
            Assert.Equal($"/rooms/{entries[0]}", (string?)stored["link"]);

            await app.AllEventsDeliveredAsync();
            Assert.True(await hubs[1].NothingArrivedAsync("called"));
            Assert.True(await hubs[2].NothingArrivedAsync("called"));
            Assert.True(await recruiterHub.NothingArrivedAsync("called"));
            // Places only move forward: the latest place each heard is where they stand.
            Assert.Equal(1, (int)hubs[1].Received("queuePosition").MaxBy(e => DateTimeOffset.Parse((string)e["asOf"]!, System.Globalization.CultureInfo.InvariantCulture))!["position"]!);
        }
        finally
        {
            foreach (var hub in hubs) await hub.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_way_out_of_a_line_reaches_the_student_live_with_its_reason()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var students = await app.StudentsAsync(scene, 4);
        var hubs = new List<HubClient>();
        foreach (var student in students) hubs.Add(await app.HubAsync(student));
        try
        {
            // Left by themselves.
            var left = (await students[0].JoinedAsync(scene)).Id();
            await Api.Expect(await students[0].LeaveAsync(scene), HttpStatusCode.NoContent);
            await ExpectLeftAsync(hubs[0], left, "left");

            // Skipped after being called.
            var skipped = (await students[1].JoinedAsync(scene)).Id();
            await scene.Recruiter.CalledAsync(scene);
            await Api.Expect(await scene.Recruiter.SkipAsync(scene, skipped), HttpStatusCode.OK);
            await ExpectLeftAsync(hubs[1], skipped, "skipped");

            // Sent away by the booth closing.
            var closed = (await students[2].JoinedAsync(scene)).Id();
            await Api.Expect(await scene.Recruiter.SetBoothAsync(scene, new { open = false }), HttpStatusCode.OK);
            await ExpectLeftAsync(hubs[2], closed, "booth_closed");

            // Sent away by the fair ending.
            await scene.Recruiter.OpenBoothAsync(scene);
            var ended = (await students[3].JoinedAsync(scene)).Id();
            await Api.Expect(await scene.Host.PostAsync($"/api/fairs/{scene.FairId}/close", null), HttpStatusCode.OK);
            await ExpectLeftAsync(hubs[3], ended, "fair_ended");

            await app.AllEventsDeliveredAsync();
            for (var i = 0; i < hubs.Count; i++)
                Assert.Single(hubs[i].Received("queueLeft"));
        }
        finally
        {
            foreach (var hub in hubs) await hub.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_skip_tells_the_employers_recruiters_that_the_call_is_over()
    {
        // Their consoles show who is called: a colleague's skip must reach them as the clock's expiry does.
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var student = (await app.StudentsAsync(scene, 1)).Single();
        await using var recruiterHub = await app.HubAsync(scene.Recruiter);
        var entry = (await student.JoinedAsync(scene)).Id();
        await scene.Recruiter.CalledAsync(scene);
        await recruiterHub.NextAsync("queueChanged", e => (int)e["waiting"]! == 0);
        await app.AllEventsDeliveredAsync();
        var before = recruiterHub.Received("queueChanged").Count;

        await Api.Expect(await scene.Recruiter.SkipAsync(scene, entry), HttpStatusCode.OK);

        await app.AllEventsDeliveredAsync();
        await recruiterHub.NextAsync("queueChanged", _ => recruiterHub.Received("queueChanged").Count > before);
        Assert.Equal(before + 1, recruiterHub.Received("queueChanged").Count);
    }

    private static async Task ExpectLeftAsync(HubClient hub, Guid entry, string reason)
    {
        var left = await hub.NextAsync("queueLeft", e => Is(e["entryId"], entry));
        Assert.Equal(reason, (string?)left["reason"]);
        var told = await hub.NextAsync("notification", e => (string?)e["kind"] == "queue_left");
        Assert.False(string.IsNullOrWhiteSpace((string?)told["body"]));
    }

    private static bool Is(JsonNode? node, Guid id) => (string?)node == id.ToString();
}
