using System.Globalization;
using System.Net;
using System.Text;
using JobFair.Tests.Support;

namespace JobFair.Tests.Interviews;

public sealed class CalendarTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private sealed record Ics(string Raw, List<string> Lines)
    {
        /// <summary>The value of a property of the event (first occurrence), unfolded.</summary>
        public string Get(string name) =>
            Lines.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal) || l.StartsWith(name + ";", StringComparison.Ordinal))
                [(name.Length + 1)..];
    }

    private static async Task<Ics> ReadAsync(Api caller, string bookingId)
    {
        var response = await caller.GetAsync($"/api/bookings/{bookingId}/calendar.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var raw = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());

        // RFC 5545 3.1: CRLF line ends, lines of at most 75 octets, continuations start with a space.
        Assert.EndsWith("\r\n", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", raw.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var physical = raw[..^2].Split("\r\n");
        Assert.All(physical, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"line longer than 75 octets: {l}"));
        var lines = new List<string>();
        foreach (var line in physical)
        {
            if (line.StartsWith(' ')) lines[^1] += line[1..];
            else lines.Add(line);
        }
        Assert.Equal(["BEGIN:VCALENDAR", "VERSION:2.0"], lines.Take(2));
        Assert.Equal("END:VCALENDAR", lines[^1]);
        Assert.Equal(1, lines.Count(l => l == "BEGIN:VEVENT"));
        Assert.Contains(lines, l => l.StartsWith("PRODID:", StringComparison.Ordinal));
        return new Ics(raw, lines);
    }

    private static DateTimeOffset Utc(string value)
    {
        Assert.EndsWith("Z", value, StringComparison.Ordinal);
        return DateTimeOffset.ParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    [Fact]
    public async Task A_booking_is_a_valid_calendar_event_whose_uid_stays_while_sequence_and_status_follow_it()
    {
        var scene = await app.FairSceneAsync("高级工程师, 平台组; C\\C++ 方向 —— 负责武汉研发中心的分布式存储与计算平台建设");
        var start = InterviewWorld.HoursAhead(4);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(start, 2, minutes: 45));
        var invitee = await app.InviteeAsync(scene, "欧阳娜娜");
        var id = (string)(await invitee.BookedAsync(slots[0]))["id"]!;

        var booked = await ReadAsync(invitee.Student, id);
        var uid = booked.Get("UID");
        Assert.Equal(start, Utc(booked.Get("DTSTART")));
        Assert.Equal(start.AddMinutes(45), Utc(booked.Get("DTEND")));
        Utc(booked.Get("DTSTAMP"));
        Assert.Equal("0", booked.Get("SEQUENCE"));
        Assert.Equal("CONFIRMED", booked.Get("STATUS"));
        // TEXT escapes commas, semicolons and backslashes; the long Chinese summary folds without breaking a character.
        Assert.Contains("高级工程师\\, 平台组\\; C\\\\C++ 方向", booked.Get("SUMMARY"), StringComparison.Ordinal);
        Assert.Contains($"/rooms/{id}", booked.Get("URL"), StringComparison.Ordinal);
        // The recruiter's copy is the same event.
        Assert.Equal(uid, (await ReadAsync(scene.Recruiter, id)).Get("UID"));

        await Api.Expect(await invitee.Student.PostAsync($"/api/bookings/{id}/reschedule", new { slotId = slots[1] }), HttpStatusCode.OK);
        var moved = await ReadAsync(invitee.Student, id);
        Assert.Equal((uid, "1", "CONFIRMED"), (moved.Get("UID"), moved.Get("SEQUENCE"), moved.Get("STATUS")));
        Assert.Equal(start.AddMinutes(45), Utc(moved.Get("DTSTART")));

        await Api.Expect(await invitee.Student.DeleteAsync($"/api/bookings/{id}"), HttpStatusCode.NoContent);
        var cancelled = await ReadAsync(scene.Recruiter, id);
        Assert.Equal((uid, "2", "CANCELLED"), (cancelled.Get("UID"), cancelled.Get("SEQUENCE"), cancelled.Get("STATUS")));
    }

    [Fact]
    public async Task Only_the_two_sides_get_the_calendar()
    {
        var scene = await app.FairSceneAsync();
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(4), 1));
        var invitee = await app.InviteeAsync(scene, "甲");
        var id = (string)(await invitee.BookedAsync(slots[0]))["id"]!;
        var (classmate, _) = await app.StudentAsync(scene.SupportedId, scene.Host);
        var (otherRecruiter, _) = await app.RecruiterAsync();

        foreach (var outsider in new[] { classmate, otherRecruiter, scene.Host })
            await Api.ExpectProblem(await outsider.GetAsync($"/api/bookings/{id}/calendar.ics"), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await app.Anonymous().GetAsync($"/api/bookings/{id}/calendar.ics"), HttpStatusCode.Unauthorized);
    }
}
