using System.Text.Json.Nodes;
using JobFair.Tests.Support;

namespace JobFair.Tests.Booths;

/// <summary>
/// Nobody leaves a line silently, also when nobody presses anything: the clock's two ways out (an
/// unanswered call, the fair's end) reach the student live with the reason and as a notification.
/// Each class its own server, since the fair's end moves the clock by days.
/// </summary>
public sealed class BoothCallExpiryLiveTests(ClockedLiveBoothApp app) : IClassFixture<ClockedLiveBoothApp>
{
    [Fact]
    public async Task A_call_unanswered_for_sixty_seconds_reaches_the_student_live_as_skipped_and_they_may_queue_again()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var student = (await app.StudentsAsync(scene, 1)).Single();
        await using var hub = await app.HubAsync(student);
        var entry = (await student.JoinedAsync(scene)).Id();
        await scene.Recruiter.CalledAsync(scene);
        await hub.NextAsync("called", e => BoothClock.Is(e["entryId"], entry));

        app.Clock!.Advance(TimeSpan.FromSeconds(61));

        await BoothClock.ExpectLeftAsync(hub, entry, "call_expired", "60 秒");
        Assert.Equal(1, (int)(await student.JoinedAsync(scene))["position"]!);
        student.Dispose();
    }
}

public sealed class BoothFairEndLiveTests(ClockedLiveBoothApp app) : IClassFixture<ClockedLiveBoothApp>
{
    [Fact]
    public async Task A_fair_reaching_its_end_sends_every_line_away_and_tells_each_student_live_why()
    {
        var scene = await app.FairSceneAsync();
        var (otherRecruiter, otherEmployer) = await app.SecondEmployerAsync(scene);
        await scene.Recruiter.OpenBoothAsync(scene);
        await otherRecruiter.OpenBoothAsync(scene, employerId: otherEmployer);
        var students = await app.StudentsAsync(scene, 2);
        await using var first = await app.HubAsync(students[0]);
        await using var second = await app.HubAsync(students[1]);
        var entries = new[] { (await students[0].JoinedAsync(scene)).Id(), (await students[1].JoinedAsync(scene, otherEmployer)).Id() };

        // Nobody closes the fair: its end (48 hours after its start, an hour from now) passes.
        app.Clock!.Advance(TimeSpan.FromHours(50));

        await BoothClock.ExpectLeftAsync(first, entries[0], "fair_ended", "双选会已结束");
        await BoothClock.ExpectLeftAsync(second, entries[1], "fair_ended", "双选会已结束");
        using var anonymous = app.Anonymous();
        Assert.All((await anonymous.GetJsonAsync($"/api/fairs/{scene.FairId}/booths")).Items(), b => Assert.Equal("closed", (string?)b!["status"]));
        foreach (var s in students) s.Dispose();
    }
}

internal static class BoothClock
{
    /// <summary>The student hears that the entry ended, with the reason, and gets the notification saying it in words.</summary>
    public static async Task ExpectLeftAsync(HubClient hub, Guid entry, string reason, string words)
    {
        var left = await hub.NextAsync("queueLeft", e => Is(e["entryId"], entry));
        Assert.Equal(reason, (string?)left["reason"]);
        var told = await hub.NextAsync("notification", e => (string?)e["kind"] == "queue_left");
        Assert.Contains(words, (string?)told["body"], StringComparison.Ordinal);
    }

    public static bool Is(JsonNode? node, Guid id) => (string?)node == id.ToString();
}
