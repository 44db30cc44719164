using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using JobFair.Server.Features.Interviews.Rooms;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JobFair.Tests.Interviews;

/// <summary>The server with a TURN server configured (the secret is the test's, coturn is not needed to hand out credentials).</summary>
public sealed class RoomApp : LiveApp
{
    public const string TurnSecret = "a-turn-secret-for-tests-only";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("JOBFAIR_STUN_URLS", "stun:127.0.0.1:3478"),
        new("JOBFAIR_TURN_URLS", "turn:127.0.0.1:3478?transport=udp,turn:127.0.0.1:3478?transport=tcp"),
        new("JOBFAIR_TURN_SECRET", TurnSecret),
    ];
}

/// <summary>A booking whose room is open now: it starts in a few minutes.</summary>
public sealed record OpenRoomScene(FairScene Scene, Invitee Student, Guid RoomId, DateTimeOffset StartsAt, List<Guid> Slots);

public sealed class RoomTests(RoomApp app) : IClassFixture<RoomApp>
{
    /// <summary>The room of a 30-minute slot starting in about seven minutes (so open); <paramref name="nextAfterMinutes"/>: the recruiter's next slot that long after its end.</summary>
    private async Task<OpenRoomScene> OpenRoomAsync(string name = "面试生", int? nextAfterMinutes = null)
    {
        var scene = await app.FairSceneAsync(startHours: -1);
        var start = InterviewWorld.HoursAhead(0.1);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, nextAfterMinutes is { } gap
            ? InterviewWorld.Generator(start, 2, gapMinutes: gap)
            : InterviewWorld.Generator(start, 1));
        var invitee = await app.InviteeAsync(scene, name);
        var room = Guid.Parse((string)(await invitee.BookedAsync(slots[0]))["id"]!);
        return new OpenRoomScene(scene, invitee, room, start, slots);
    }

    /// <summary>Moves a booking (and its slot) in time, as if the clock had moved the other way.</summary>
    private Task ShiftAsync(Guid roomId, TimeSpan by) => app.WithDb(async db =>
    {
        await db.Database.ExecuteSqlAsync(
            $"UPDATE interview_slots SET starts_at = starts_at + {by}, ends_at = ends_at + {by} WHERE id = (SELECT slot_id FROM interview_bookings WHERE id = {roomId})");
        await db.Database.ExecuteSqlAsync(
            $"UPDATE interview_bookings SET starts_at = starts_at + {by}, ends_at = ends_at + {by} WHERE id = {roomId}");
    });

    private static object Offer(string sdp = "v=0 fake offer") => new { type = "offer", sdp };

    [Fact]
    public async Task Signals_reach_the_other_side_only_and_presence_shows_live()
    {
        var room = await OpenRoomAsync();
        await using var student = await app.RoomHubAsync(room.Student.Student);
        await using var recruiter = await app.RoomHubAsync(room.Scene.Recruiter);
        // The same student on a second device, to show that a signal was relayed when the first no longer gets it.
        await using var studentsPhone = await app.RoomHubAsync(room.Student.Student);

        var studentJoined = await student.CallAsync("JoinRoom", room.RoomId);
        Assert.Equal("student", (string?)studentJoined["room"]!["role"]);
        Assert.False((bool)studentJoined["otherPresent"]!);
        var recruiterJoined = await recruiter.CallAsync("JoinRoom", room.RoomId);
        Assert.True((bool)recruiterJoined["otherPresent"]!);
        Assert.Equal($"/rooms/{room.RoomId}", (string?)recruiterJoined["room"]!["pageUrl"]);
        await student.NextAsync("roomPresence", e => (string?)e["side"] == "recruiter" && (bool)e["present"]!);

        await recruiter.InvokeOkAsync("Signal", room.RoomId, Offer());
        var offer = await student.NextAsync("roomSignal");
        Assert.Equal(("recruiter", "offer", "v=0 fake offer"), ((string?)offer["from"], (string?)offer["payload"]!["type"], (string?)offer["payload"]!["sdp"]));
        await student.InvokeOkAsync("Signal", room.RoomId, new { type = "answer", sdp = "v=0 fake answer" });
        await student.InvokeOkAsync("Signal", room.RoomId, new { type = "candidate", candidate = new { candidate = "candidate:1 1 udp 1 127.0.0.1 5000 typ host", sdpMid = "0" } });
        await recruiter.NextAsync("roomSignal", e => (string?)e["payload"]!["type"] == "candidate");
        // In the order sent, and never back to the sender.
        Assert.Equal(["answer", "candidate"], recruiter.Received("roomSignal").Select(e => (string?)e["payload"]!["type"]));
        Assert.True(await student.NothingArrivedAsync("roomSignal", e => (string?)e["from"] == "student"));
        Assert.True(await recruiter.NothingArrivedAsync("roomSignal", e => (string?)e["from"] == "recruiter"));

        await student.InvokeOkAsync("LeaveRoom", room.RoomId);
        await recruiter.NextAsync("roomPresence", e => (string?)e["side"] == "student" && !(bool)e["present"]!);
        // Having left, the student hears no more signals (the phone, still in, proves one was sent), and comes back in.
        await studentsPhone.InvokeOkAsync("JoinRoom", room.RoomId);
        await recruiter.InvokeOkAsync("Signal", room.RoomId, Offer("after leaving"));
        await studentsPhone.NextAsync("roomSignal", e => (string?)e["payload"]!["sdp"] == "after leaving");
        Assert.True(await student.NothingArrivedAsync("roomSignal", e => (string?)e["payload"]!["sdp"] == "after leaving"));
        await studentsPhone.InvokeOkAsync("LeaveRoom", room.RoomId);
        var seen = recruiter.Received("roomPresence").Count;
        Assert.True((bool)(await student.CallAsync("JoinRoom", room.RoomId))["otherPresent"]!);
        await Eventually.True(() => recruiter.Received("roomPresence").Skip(seen).Any(p => (string?)p["side"] == "student" && (bool)p["present"]!),
            "the recruiter to see the student back");
    }

    [Fact]
    public async Task The_waiting_room_shows_presence_and_chat_live_but_no_signals_and_records_nothing()
    {
        var room = await OpenRoomAsync("等候的学生");
        await using var waiting = await app.RoomHubAsync(room.Student.Student);
        await using var recruiter = await app.RoomHubAsync(room.Scene.Recruiter);
        var watching = await waiting.CallAsync("WatchRoom", room.RoomId);
        Assert.Equal(("student", false), ((string?)watching["side"], (bool)watching["otherPresent"]!));
        Assert.Equal(0, await app.WithDb(db => db.RoomVisits.CountAsync(v => v.RoomId == room.RoomId)));

        Assert.False((bool)(await recruiter.CallAsync("JoinRoom", room.RoomId))["otherPresent"]!); // a watcher is not present
        await waiting.NextAsync("roomPresence", e => (string?)e["side"] == "recruiter" && (bool)e["present"]!);
        await recruiter.CallAsync("Chat", room.RoomId, "请进来吧");
        await waiting.NextAsync("roomChat", e => (string?)e["text"] == "请进来吧");
        await recruiter.InvokeOkAsync("Signal", room.RoomId, Offer("to the waiting room"));
        Assert.True(await waiting.NothingArrivedAsync("roomSignal"));

        // Joining from the waiting room: each event once, signals now too.
        await waiting.CallAsync("JoinRoom", room.RoomId);
        await recruiter.CallAsync("Chat", room.RoomId, "开始吧");
        await waiting.NextAsync("roomChat", e => (string?)e["text"] == "开始吧");
        await waiting.BarrierAsync();
        Assert.Single(waiting.Received("roomChat"), e => (string?)e["text"] == "开始吧");
        await recruiter.InvokeOkAsync("Signal", room.RoomId, Offer("now in"));
        await waiting.NextAsync("roomSignal", e => (string?)e["payload"]!["sdp"] == "now in");

        var (otherRecruiter, _) = await app.RecruiterAsync();
        await using var rival = await app.RoomHubAsync(otherRecruiter);
        await rival.RefusedAsync("not_found", "WatchRoom", room.RoomId);
    }

    [Fact]
    public async Task Nobody_but_the_two_sides_may_join_or_signal_and_the_refusal_says_why()
    {
        var room = await OpenRoomAsync("本人");
        var other = await OpenRoomAsync("另一场的学生");
        var (otherRecruiter, _) = await app.RecruiterAsync();
        await using var stranger = await app.RoomHubAsync(other.Student.Student);
        await using var rival = await app.RoomHubAsync(otherRecruiter);
        await using var anonymous = await app.RoomHubAsync();
        await using var student = await app.RoomHubAsync(room.Student.Student);
        await student.InvokeOkAsync("JoinRoom", room.RoomId);

        foreach (var outsider in new[] { stranger, rival })
        {
            await outsider.RefusedAsync("not_found", "JoinRoom", room.RoomId);
            await outsider.RefusedAsync("not_found", "Signal", room.RoomId, Offer("from an outsider"));
            await outsider.RefusedAsync("not_found", "Chat", room.RoomId, "插话");
            await outsider.RefusedAsync("not_found", "ExtendRoom", room.RoomId);
        }
        await anonymous.RefusedAsync("unauthenticated", "JoinRoom", room.RoomId);
        await anonymous.RefusedAsync("unauthenticated", "Signal", room.RoomId, Offer("from nobody"));
        await student.RefusedAsync("not_found", "JoinRoom", Guid.NewGuid());
        await student.RefusedAsync("bad_request", "Signal", room.RoomId, new { type = "nonsense" });
        await student.RefusedAsync("bad_request", "Signal", room.RoomId, new { type = "offer", sdp = new string('x', RelaySignal.MaxPayloadChars) });
        await student.RefusedAsync("bad_request", "Chat", room.RoomId, "   ");
        await student.RefusedAsync("recruiter_only", "ExtendRoom", room.RoomId);

        // Nothing an outsider tried reached the student, and they left no trace.
        Assert.True(await student.NothingArrivedAsync("roomSignal"));
        Assert.True(await student.NothingArrivedAsync("roomChat"));
        Assert.Equal(1, await app.WithDb(db => db.RoomVisits.CountAsync(v => v.RoomId == room.RoomId)));
        Assert.Equal(0, await app.WithDb(db => db.RoomChatLines.CountAsync(l => l.RoomId == room.RoomId)));
        // The API says the same: the same 404 as a room that does not exist.
        await Api.ExpectProblem(await other.Student.Student.GetAsync($"/api/bookings/{room.RoomId}/room"), HttpStatusCode.NotFound, "not_found");
        await Api.ExpectProblem(await other.Student.Student.GetAsync($"/api/bookings/{room.RoomId}/chat"), HttpStatusCode.NotFound, "not_found");
        await Api.ExpectProblem(await otherRecruiter.PostAsync($"/api/bookings/{room.RoomId}/room/extension", null), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Chat_lines_arrive_live_on_both_sides_and_stay_readable_after_the_interview()
    {
        var room = await OpenRoomAsync("聊天的学生");
        await using var student = await app.RoomHubAsync(room.Student.Student);
        await using var recruiter = await app.RoomHubAsync(room.Scene.Recruiter);
        await student.InvokeOkAsync("JoinRoom", room.RoomId);
        await recruiter.InvokeOkAsync("JoinRoom", room.RoomId);

        var said = await student.CallAsync("Chat", room.RoomId, "  您好，我的摄像头打不开，先文字聊可以吗？ ");
        Assert.Equal("您好，我的摄像头打不开，先文字聊可以吗？", (string?)said["text"]);
        foreach (var side in new[] { student, recruiter })
        {
            var line = await side.NextAsync("roomChat");
            Assert.Equal(("student", "聊天的学生"), ((string?)line["side"], (string?)line["author"]));
        }
        await Api.Expect(await room.Scene.Recruiter.PostAsync($"/api/bookings/{room.RoomId}/chat", new { text = "可以，请先介绍一下自己。" }),
            HttpStatusCode.Created);
        await student.NextAsync("roomChat", e => (string?)e["side"] == "recruiter");

        await ShiftAsync(room.RoomId, TimeSpan.FromHours(-2)); // the interview is over
        await student.RefusedAsync("room_closed", "Chat", room.RoomId, "还在吗？");
        var kept = await room.Student.Student.GetJsonAsync($"/api/bookings/{room.RoomId}/chat");
        Assert.Equal(2, (int)kept["total"]!);
        Assert.Equal(["您好，我的摄像头打不开，先文字聊可以吗？", "可以，请先介绍一下自己。"], kept.Items().Select(l => (string?)l!["text"]));
        Assert.Equal([true, false], kept.Items().Select(l => (bool)l!["mine"]!));
        var theirs = await room.Scene.Recruiter.GetJsonAsync($"/api/bookings/{room.RoomId}/chat?pageSize=1&page=2");
        Assert.Equal("可以，请先介绍一下自己。", (string?)theirs.Items().Single()!["text"]);
        Assert.True((bool)theirs.Items().Single()!["mine"]!);
        await Api.ExpectProblem(await room.Student.Student.PostAsync($"/api/bookings/{room.RoomId}/chat", new { text = "" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Whoever_loses_their_place_during_a_call_is_put_out_of_the_room_and_told_why()
    {
        // The operator suspends the employer in the middle of an interview: both sides' calls end.
        var suspended = await OpenRoomAsync("被暂停单位的面试生");
        await using var student = await app.RoomHubAsync(suspended.Student.Student);
        await using var recruiter = await app.RoomHubAsync(suspended.Scene.Recruiter);
        await student.InvokeOkAsync("JoinRoom", suspended.RoomId);
        await recruiter.InvokeOkAsync("JoinRoom", suspended.RoomId);
        using (var admin = await app.AdminAsync())
            await Api.Expect(await admin.PostAsync($"/api/admin/employers/{suspended.Scene.EmployerId}/suspend", new { reason = "冒用信用代码" }),
                HttpStatusCode.OK);
        foreach (var side in new[] { student, recruiter })
            Assert.Equal(RoomEvictions.EmployerSuspended, (string?)(await side.NextAsync("roomClosed", e => (string?)e["roomId"] == suspended.RoomId.ToString()))["reason"]);
        Assert.Equal(0, await app.WithDb(db => db.RoomVisits.CountAsync(v => v.RoomId == suspended.RoomId && v.LeftAt == null)));
        // Nor may the recruiter come back in or signal.
        await recruiter.RefusedAsync("not_found", "JoinRoom", suspended.RoomId);
        await recruiter.RefusedAsync("not_found", "Signal", suspended.RoomId, Offer("after the suspension"));

        // A centre releases a claim while its holder is in a call: that student is put out, the recruiter sees them go.
        var released = await OpenRoomAsync("被撤销认领的学生");
        await using var squatter = await app.RoomHubAsync(released.Student.Student);
        await using var otherRecruiter = await app.RoomHubAsync(released.Scene.Recruiter);
        await squatter.InvokeOkAsync("JoinRoom", released.RoomId);
        await otherRecruiter.InvokeOkAsync("JoinRoom", released.RoomId);
        var studentNo = (string)(await released.Student.Student.GetJsonAsync("/api/students/me"))["studentNo"]!;
        await Api.Expect(await released.Scene.Host.PostAsync($"/api/universities/{released.Scene.SupportedId}/roster/{studentNo}/release",
            new { reason = "学号被他人认领" }), HttpStatusCode.OK);
        Assert.Equal(RoomEvictions.AccessRemoved, (string?)(await squatter.NextAsync("roomClosed"))["reason"]);
        await otherRecruiter.NextAsync("roomPresence", e => (string?)e["side"] == "student" && !(bool)e["present"]!);
        Assert.True(await otherRecruiter.NothingArrivedAsync("roomClosed"));
        await squatter.RefusedAsync("not_found", "JoinRoom", released.RoomId);
    }

    [Fact]
    public async Task The_room_is_refused_before_it_opens_and_after_it_closes_for_both_sides()
    {
        var room = await OpenRoomAsync();
        await using var student = await app.RoomHubAsync(room.Student.Student);
        await using var recruiter = await app.RoomHubAsync(room.Scene.Recruiter);

        await ShiftAsync(room.RoomId, TimeSpan.FromHours(3));
        await student.RefusedAsync("room_not_open", "JoinRoom", room.RoomId);
        var early = await Api.ExpectProblem(await room.Student.Student.GetAsync($"/api/bookings/{room.RoomId}/room"), HttpStatusCode.Conflict, "room_not_open");
        Assert.Equal(room.StartsAt.AddHours(3).AddMinutes(-10), InterviewWorld.At(early["opensAt"]));

        await ShiftAsync(room.RoomId, TimeSpan.FromHours(-3));
        await student.InvokeOkAsync("JoinRoom", room.RoomId);
        await recruiter.InvokeOkAsync("JoinRoom", room.RoomId);
        await ShiftAsync(room.RoomId, TimeSpan.FromHours(-2));
        foreach (var side in new[] { student, recruiter })
        {
            await side.RefusedAsync("room_closed", "Signal", room.RoomId, Offer());
            await side.RefusedAsync("room_closed", "JoinRoom", room.RoomId);
        }
        await Api.ExpectProblem(await room.Scene.Recruiter.GetAsync($"/api/bookings/{room.RoomId}/room"), HttpStatusCode.Conflict, "room_closed");
    }

    [Fact]
    public async Task The_recruiter_extends_by_five_minutes_while_the_next_slot_allows_and_both_sides_hear_of_it()
    {
        var room = await OpenRoomAsync(nextAfterMinutes: 10);
        await using var student = await app.RoomHubAsync(room.Student.Student);
        await using var recruiter = await app.RoomHubAsync(room.Scene.Recruiter);
        await student.InvokeOkAsync("JoinRoom", room.RoomId);
        await recruiter.InvokeOkAsync("JoinRoom", room.RoomId);
        var end = room.StartsAt.AddMinutes(30);

        var first = await recruiter.CallAsync("ExtendRoom", room.RoomId);
        Assert.Equal(end.AddMinutes(5), InterviewWorld.At(first["closesAt"]));
        var second = await Api.Expect(await room.Scene.Recruiter.PostAsync($"/api/bookings/{room.RoomId}/room/extension", null), HttpStatusCode.OK);
        Assert.Equal(end.AddMinutes(10), InterviewWorld.At(second["closesAt"]));
        foreach (var side in new[] { student, recruiter })
            await side.NextAsync("roomTime", e => InterviewWorld.At(e["closesAt"]) == end.AddMinutes(10));
        // The next slot starts 10 minutes after the end: a third extension would reach into it.
        await recruiter.RefusedAsync("next_slot_too_close", "ExtendRoom", room.RoomId);
        await Api.ExpectProblem(await room.Scene.Recruiter.PostAsync($"/api/bookings/{room.RoomId}/room/extension", null),
            HttpStatusCode.Conflict, "next_slot_too_close");
        // The extension is the recruiter's time: no new slot may be published into it.
        await Api.ExpectProblem(await room.Scene.Recruiter.PostAsync($"/api/positions/{room.Scene.PositionId}/slots",
            new { slots = new[] { new { startsAt = end.AddMinutes(5), endsAt = end.AddMinutes(10), capacity = 1 } } }), HttpStatusCode.Conflict, "slot_overlap");

        var answer = await room.Student.Student.GetJsonAsync($"/api/bookings/{room.RoomId}/room");
        Assert.Equal(end.AddMinutes(10), InterviewWorld.At(answer["closesAt"]));
        Assert.False((bool)answer["canExtend"]!);
        var booking = await room.Student.Student.GetJsonAsync($"/api/bookings/{room.RoomId}");
        Assert.Equal((end, end.AddMinutes(10)), (InterviewWorld.At(booking["endsAt"]), InterviewWorld.At(booking["roomClosesAt"])));
        await Api.ExpectProblem(await room.Student.Student.PostAsync($"/api/bookings/{room.RoomId}/room/extension", null), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_interview_runs_over_by_at_most_half_an_hour()
    {
        var room = await OpenRoomAsync();
        await using var recruiter = await app.RoomHubAsync(room.Scene.Recruiter);
        for (var i = 1; i <= 6; i++)
            Assert.Equal(room.StartsAt.AddMinutes(30 + 5 * i), InterviewWorld.At((await recruiter.CallAsync("ExtendRoom", room.RoomId))["closesAt"]));
        await recruiter.RefusedAsync("extension_limit", "ExtendRoom", room.RoomId);
    }

    [Fact]
    public async Task Joined_and_left_times_are_kept_and_propose_the_recruiters_outcome()
    {
        var came = await OpenRoomAsync("来了的学生");
        var absent = await OpenRoomAsync("没来的学生");
        await using (var student = await app.RoomHubAsync(came.Student.Student))
        await using (var recruiter = await app.RoomHubAsync(came.Scene.Recruiter))
        {
            await student.InvokeOkAsync("JoinRoom", came.RoomId);
            await recruiter.InvokeOkAsync("JoinRoom", came.RoomId);
            var during = await came.Scene.Recruiter.GetJsonAsync($"/api/bookings/{came.RoomId}");
            Assert.NotNull(during["attendance"]!["studentJoinedAt"]);
            Assert.Null(during["attendance"]!["studentLeftAt"]); // still there
            Assert.Null(during["proposedOutcome"]); // not started yet
        }
        await using (var recruiter = await app.RoomHubAsync(absent.Scene.Recruiter))
            await recruiter.InvokeOkAsync("JoinRoom", absent.RoomId);
        // Closing the connection is leaving.
        await Eventually.True(() => app.WithDb(db => db.RoomVisits.AllAsync(v => (v.RoomId != came.RoomId && v.RoomId != absent.RoomId) || v.LeftAt != null)),
            "the visits of closed connections to end");

        await ShiftAsync(came.RoomId, TimeSpan.FromMinutes(-20));
        await ShiftAsync(absent.RoomId, TimeSpan.FromMinutes(-20));
        var held = await came.Scene.Recruiter.GetJsonAsync($"/api/bookings/{came.RoomId}");
        Assert.Equal("completed", (string?)held["proposedOutcome"]);
        Assert.NotNull(held["attendance"]!["studentLeftAt"]);
        Assert.NotNull(held["attendance"]!["recruiterJoinedAt"]);
        var missed = await absent.Scene.Recruiter.GetJsonAsync("/api/employers/me/bookings");
        Assert.Equal("no_show", (string?)missed.Items().Single()!["proposedOutcome"]);
        Assert.Null(missed.Items().Single()!["attendance"]!["studentJoinedAt"]);
        // A proposal is the recruiter's to accept; the student sees the record but no proposal.
        var own = await came.Student.Student.GetJsonAsync($"/api/bookings/{came.RoomId}");
        Assert.Null(own["proposedOutcome"]);
        Assert.NotNull(own["attendance"]!["studentJoinedAt"]);
        await Api.Expect(await came.Scene.Recruiter.PostAsync($"/api/bookings/{came.RoomId}/outcome", new { outcome = "completed" }), HttpStatusCode.OK);
        Assert.Null((await came.Scene.Recruiter.GetJsonAsync($"/api/bookings/{came.RoomId}"))["proposedOutcome"]);
    }

    [Fact]
    public async Task Both_sides_are_reminded_once_with_the_room_link_however_many_nodes_look()
    {
        var room = await OpenRoomAsync("被提醒的学生"); // starts in about six minutes: due for its 15-minute reminder
        var reminders = app.Services.GetRequiredService<RoomReminders>();
        // Several nodes at the same moment (each call its own scope and connection), besides the server's own timer.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => reminders.RemindAsync(CancellationToken.None)));
        await app.AllEventsDeliveredAsync();

        foreach (var side in new[] { room.Student.Student, room.Scene.Recruiter })
        {
            var mine = (await side.GetJsonAsync("/api/me/notifications")).Items()
                .Where(n => (string?)n!["kind"] == "interview_reminder" && (string?)n!["link"] == $"/rooms/{room.RoomId}").ToList();
            Assert.Single(mine);
            Assert.Contains("分钟后开始", (string?)mine[0]!["body"], StringComparison.Ordinal);
        }
        Assert.Equal(0, await reminders.RemindAsync(CancellationToken.None));
        Assert.Equal(1, await app.WithDb(db => db.RoomReminders.CountAsync(r => r.RoomId == room.RoomId)));
    }

    [Fact]
    public async Task A_called_walk_up_student_meets_the_recruiter_in_the_same_kind_of_room()
    {
        // The booth queue (issue 17) plugs its talks in through RoomAccess: the room id is the called entry's id.
        var scene = await app.FairSceneAsync(startHours: -1);
        await scene.Recruiter.OpenBoothAsync(scene);
        var walkUp = (await app.StudentsAsync(scene, 1))[0];
        await walkUp.JoinedAsync(scene);
        var called = await scene.Recruiter.CalledAsync(scene);
        var roomId = called.Id("entryId");
        Assert.Equal($"/rooms/{roomId}", (string?)called["roomUrl"]);

        await using var student = await app.RoomHubAsync(walkUp);
        await using var recruiter = await app.RoomHubAsync(scene.Recruiter);
        var recruiterIn = await recruiter.CallAsync("JoinRoom", roomId);
        Assert.Equal(("booth_talk", "recruiter", false), ((string?)recruiterIn["room"]!["kind"], (string?)recruiterIn["room"]!["role"],
            (bool)recruiterIn["room"]!["canExtend"]!));
        var studentIn = await student.CallAsync("JoinRoom", roomId);
        Assert.True((bool)studentIn["otherPresent"]!);
        // Coming in answered the call: the talk has begun, and its room now stays open well past the 60 seconds.
        Assert.Equal("called", (string?)(await walkUp.MyEntryAsync(scene))["status"]);
        Assert.NotNull(await app.WithDb(db => db.BoothQueueEntries.Where(e => e.Id == roomId).Select(e => e.EnteredAt).SingleAsync()));
        Assert.True(InterviewWorld.At(studentIn["room"]!["closesAt"]) > DateTimeOffset.UtcNow.AddMinutes(30));

        await recruiter.InvokeOkAsync("Signal", roomId, Offer("walk-up offer"));
        await student.NextAsync("roomSignal", e => (string?)e["payload"]!["sdp"] == "walk-up offer");
        await recruiter.RefusedAsync("not_extendable", "ExtendRoom", roomId);
        // The booking routes are for bookings: the same id there is no booking.
        await Api.ExpectProblem(await walkUp.GetAsync($"/api/bookings/{roomId}/room"), HttpStatusCode.NotFound, "not_found");

        // Leaving ends the talk: the room closes for both.
        await student.InvokeOkAsync("LeaveRoom", roomId);
        Assert.Equal("served", await app.WithDb(db => db.BoothQueueEntries.Where(e => e.Id == roomId).Select(e => e.Status).SingleAsync()));
        await recruiter.RefusedAsync("room_closed", "Chat", roomId, "还在吗？");
    }

    [Fact]
    public async Task Each_side_gets_turn_credentials_of_its_own_valid_for_the_rooms_window_and_never_the_secret()
    {
        var room = await OpenRoomAsync();
        var answer = await room.Student.Student.GetJsonAsync($"/api/bookings/{room.RoomId}/room");
        var servers = answer["iceServers"]!.AsArray();
        Assert.Equal(["stun:127.0.0.1:3478"], servers[0]!["urls"]!.AsArray().Select(u => (string?)u));
        var turn = servers[1]!;
        Assert.Equal(["turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"], turn["urls"]!.AsArray().Select(u => (string?)u));
        var username = (string)turn["username"]!;
        var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(username.Split(':')[0], CultureInfo.InvariantCulture));
        var me = await room.Student.Student.GetJsonAsync("/api/me");
        Assert.Equal($"{expiry.ToUnixTimeSeconds()}:{(string)me["userId"]!}", username);
        Assert.Equal(InterviewWorld.At(answer["closesAt"]) + OpenRoom.CredentialsOutlast, expiry);
        // What coturn computes with its static-auth-secret (TURN REST API): HMAC-SHA1 of the username, Base64.
#pragma warning disable CA5350 // the TURN convention
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(RoomApp.TurnSecret), Encoding.UTF8.GetBytes(username)));
#pragma warning restore CA5350
        Assert.Equal(expected, (string?)turn["credential"]);
        Assert.DoesNotContain(RoomApp.TurnSecret, answer.ToJsonString(), StringComparison.Ordinal);

        var recruiters = (await room.Scene.Recruiter.GetJsonAsync($"/api/bookings/{room.RoomId}/room"))["iceServers"]!.AsArray()[1]!;
        Assert.NotEqual(username, (string?)recruiters["username"]);
        Assert.NotEqual((string?)turn["credential"], (string?)recruiters["credential"]);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_room_routes_and_the_room_hub()
    {
        using var api = app.Anonymous();
        var document = await api.GetJsonAsync("/openapi/v1.json");
        var paths = document["paths"]!;
        string[] Codes(string path, string method, string status) =>
            paths[path]![method]!["responses"]![status]!["x-problem-codes"]!.AsArray().Select(c => (string)c!).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["booking_not_active", "extension_limit", "next_slot_too_close", "room_closed", "room_not_open"],
            Codes("/api/bookings/{id}/room/extension", "post", "409"));
        Assert.Equal(["not_found"], Codes("/api/bookings/{id}/chat", "get", "404"));
        Assert.Equal(["booking_not_active", "room_closed", "room_not_open"], Codes("/api/bookings/{id}/chat", "post", "409"));
        var hub = (string)paths[RoomHub.Path]!["get"]!["description"]!;
        foreach (var name in new[] { "JoinRoom", "LeaveRoom", "Signal", "Chat", "ExtendRoom", "roomPresence", "roomSignal", "roomChat", "roomTime" })
            Assert.Contains(name, hub, StringComparison.Ordinal);
        Assert.NotNull(paths[RoomHub.Path + "/negotiate"]);
        Assert.DoesNotContain(RoomApp.TurnSecret, document.ToJsonString(), StringComparison.Ordinal);
    }
}
