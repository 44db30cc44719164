using System.Net;
using System.Text.Json.Nodes;
using JobFair.Tests.Support;

namespace JobFair.Tests.Live;

/// <summary>fairStats to a fair's watchers (throttled, latest figures) and slotsChanged to a position's watchers.</summary>
public sealed class LiveFiguresTests(LiveApp app) : IClassFixture<LiveApp>
{
    private static bool Is(JsonNode? node, Guid id) => (string?)node == id.ToString();

    [Fact]
    public async Task Watchers_of_a_fair_get_its_latest_figures_at_most_once_a_second()
    {
        var scene = await app.FairSceneAsync();
        var other = await app.FairSceneAsync("另一场双选会的岗位");
        var applicants = new List<(Api Student, Guid Resume)>();
        for (var i = 0; i < 6; i++)
        {
            var (student, _, resume) = await app.ApplicantAsync(scene, $"学生{i}");
            applicants.Add((student, resume));
        }
        await app.AllEventsDeliveredAsync();
        await using var watcher = await app.HubAsync();
        await watcher.InvokeOkAsync("WatchFair", scene.FairId);
        await using var otherWatcher = await app.HubAsync();
        await otherWatcher.InvokeOkAsync("WatchFair", other.FairId);

        await Task.WhenAll(applicants.Select(a => a.Student.AppliedAsync(scene, a.Resume)));

        var latest = await watcher.NextAsync("fairStats", e => (int)e["applications"]! == 6);
        Assert.True(Is(latest["fairId"], scene.FairId));
        Assert.Equal(6, (int)latest["applicants"]!);
        Assert.Equal(1, (int)latest["employers"]!);
        Assert.Equal(2, latest["byUniversity"]!.AsArray().Count);
        Assert.Equal(6, (int)latest["byUniversity"]![0]!["applications"]!);
        var sent = watcher.Received("fairStats").Where(e => Is(e["fairId"], scene.FairId))
            .Select(e => InterviewWorld.At(e["countedAt"])).ToList();
        Assert.True(sent.Count < 6, $"6 applications were sent as {sent.Count} fairStats events");
        foreach (var (earlier, later) in sent.Zip(sent.Skip(1)))
            Assert.True(later - earlier >= TimeSpan.FromSeconds(1), $"fairStats at {earlier:O} and again at {later:O}");
        await app.AllEventsDeliveredAsync();
        Assert.True(await otherWatcher.NothingArrivedAsync("fairStats", e => Is(e["fairId"], scene.FairId)));
    }

    [Fact]
    public async Task Watchers_of_a_position_see_its_seats_change_and_others_do_not()
    {
        var scene = await app.FairSceneAsync();
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 2));
        var booker = await app.InviteeAsync(scene, "甲");
        var watcherStudent = await app.InviteeAsync(scene, "乙");
        var otherPosition = await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "测试工程师"));
        await app.AllEventsDeliveredAsync();
        await using var recruiterHub = await app.HubAsync(scene.Recruiter);
        await recruiterHub.InvokeOkAsync("WatchPosition", scene.PositionId);
        await using var studentHub = await app.HubAsync(watcherStudent.Student);
        await studentHub.InvokeOkAsync("WatchPosition", scene.PositionId);
        await using var elsewhere = await app.HubAsync(scene.Recruiter);
        await elsewhere.InvokeOkAsync("WatchPosition", otherPosition);

        var booking = (string)(await booker.BookedAsync(slots[0]))["id"]!;

        foreach (var hub in new[] { recruiterHub, studentHub })
        {
            var change = await hub.NextAsync("slotsChanged", e => Is(e["slotId"], slots[0]));
            Assert.Equal((scene.PositionId.ToString(), 1, 1), ((string?)change["positionId"], (int)change["capacity"]!, (int)change["booked"]!));
        }
        // A move changes both slots.
        await Api.Expect(await booker.Student.PostAsync($"/api/bookings/{booking}/reschedule", new { slotId = slots[1] }), HttpStatusCode.OK);
        await studentHub.NextAsync("slotsChanged", e => Is(e["slotId"], slots[0]) && (int)e["booked"]! == 0);
        await studentHub.NextAsync("slotsChanged", e => Is(e["slotId"], slots[1]) && (int)e["booked"]! == 1);

        await app.AllEventsDeliveredAsync();
        Assert.True(await elsewhere.NothingArrivedAsync("slotsChanged"));
    }
}
