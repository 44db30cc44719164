using JobFair.Server.Features.Guidance.Reminders;
using JobFair.Server.Features.Interviews.Rooms;
using JobFair.Tests.Live;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JobFair.Tests.Cluster;

/// <summary>
/// The reminder jobs run on every node (run by deploy/cluster-test.sh, which provides the broker):
/// two nodes on one database, both reminding at the same moment besides their own timers, send each
/// reminder once, stored once and pushed once to a connection on either node.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(OneClusterClassAtATime.Name)]
public sealed class ReminderClusterTests(ClusterTests.SharedDatabase database) : IClassFixture<ClusterTests.SharedDatabase>
{
    private static readonly Lazy<Task<string>> ClassBus = new(() => ClusterBroker.VirtualHostAsync("reminders"));

    private async Task<LiveNode> NodeAsync()
    {
        var node = new LiveNode(database.ConnectionString, settings: [("JOBFAIR_BUS", await ClassBus.Value)]);
        await node.InitializeAsync();
        return node;
    }

    [Fact]
    public async Task Resumes_left_unread_for_three_days_are_reminded_of_once_when_both_nodes_remind_at_the_same_moment()
    {
        await using var a = await NodeAsync();
        await using var b = await NodeAsync();
        var scene = await a.FairSceneAsync();
        var unread = new List<Guid>();
        foreach (var name in new[] { "未读甲", "未读乙" })
        {
            var (student, _, resume) = await a.ApplicantAsync(scene, name);
            unread.Add(await student.AppliedAsync(scene, resume));
        }
        await a.AllEventsDeliveredAsync();
        await using var onA = await a.HubAsync(scene.Recruiter);
        await using var onB = await b.HubAsync(scene.Recruiter.On(b));
        // Delivered three days and an hour ago, and still unread.
        await database.WithDb(db => db.Applications.Where(x => unread.Contains(x.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedAt, x => x.CreatedAt - TimeSpan.FromDays(3) - TimeSpan.FromHours(1))));

        static Task<int> RemindAsync(LiveNode node) => node.Services.GetRequiredService<UnreadReminder>().RemindAsync(CancellationToken.None);
        var covered = await Task.WhenAll(RemindAsync(a), RemindAsync(b), RemindAsync(a), RemindAsync(b));

        Assert.Equal(unread.Count, covered.Sum());
        foreach (var hub in new[] { onA, onB })
            await hub.NextAsync("notification", e => (string?)e["kind"] == "applications_unread", seconds: 60);
        await a.AllEventsDeliveredAsync();
        foreach (var hub in new[] { onA, onB })
        {
            await hub.BarrierAsync();
            Assert.Single(hub.Received("notification"), e => (string?)e["kind"] == "applications_unread");
        }
        var stored = (await scene.Recruiter.On(b).GetJsonAsync("/api/me/notifications?pageSize=100")).Items()
            .Where(n => (string?)n!["kind"] == "applications_unread").ToList();
        Assert.Contains("有 2 份简历投递超过 3 天仍未处理", (string)Assert.Single(stored)!["body"]!, StringComparison.Ordinal);
        Assert.Equal(unread.Order(), await database.WithDb(db => db.ApplicationReminders.Where(r => unread.Contains(r.ApplicationId))
            .Select(r => r.ApplicationId).OrderBy(id => id).ToListAsync()));
    }

    [Fact]
    public async Task An_interview_fifteen_minutes_away_is_reminded_of_once_to_each_side_when_both_nodes_remind_at_the_same_moment()
    {
        await using var a = await NodeAsync();
        await using var b = await NodeAsync();
        var scene = await a.FairSceneAsync(startHours: -1);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(0.1), 1));
        var invitee = await a.InviteeAsync(scene, "提醒生");
        // The student listens on node B, the recruiter on node A; each node's own timer (every 30 s) may remind too.
        await using var studentOnB = await b.HubAsync(invitee.Student.On(b));
        await using var recruiterOnA = await a.HubAsync(scene.Recruiter);
        var room = Guid.Parse((string)(await invitee.BookedAsync(slots[0]))["id"]!);

        static Task<int> RemindAsync(LiveNode node) => node.Services.GetRequiredService<RoomReminders>().RemindAsync(CancellationToken.None);
        await Task.WhenAll(RemindAsync(a), RemindAsync(b), RemindAsync(a), RemindAsync(b));

        bool Reminder(System.Text.Json.Nodes.JsonNode? n) =>
            (string?)n!["kind"] == "interview_reminder" && (string?)n["link"] == $"/rooms/{room}";
        foreach (var hub in new[] { studentOnB, recruiterOnA })
            await hub.NextAsync("notification", e => Reminder(e), seconds: 60);
        async Task<int> StoredAsync(Api side) => (await side.GetJsonAsync("/api/me/notifications?pageSize=100")).Items().Count(Reminder);
        await Eventually.True(async () => await StoredAsync(invitee.Student) >= 1 && await StoredAsync(scene.Recruiter) >= 1,
            "both reminders stored", seconds: 60);
        await a.AllEventsDeliveredAsync();
        foreach (var hub in new[] { studentOnB, recruiterOnA })
        {
            await hub.BarrierAsync();
            Assert.Single(hub.Received("notification"), e => Reminder(e));
        }
        Assert.Equal(1, await StoredAsync(invitee.Student.On(b)));
        Assert.Equal(1, await StoredAsync(scene.Recruiter));
        Assert.Equal(1, await database.WithDb(db => db.RoomReminders.CountAsync(r => r.RoomId == room)));
        Assert.Equal(0, await RemindAsync(b));
    }
}
