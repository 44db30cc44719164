using System.Collections.Concurrent;
using System.Net;
using JobFair.Server.Features.Interviews;
using JobFair.Tests.Support;
using Xunit.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Interviews;

/// <summary>Hundreds of invited students rush for the same seats, as when popular slots open.</summary>
public sealed class BookingRaceApp : JobFairApp
{
    // Every student of the rush signs up from this one test address.
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("RateLimits:SignInBurst", "100000"), new("RateLimits:SignInPerMinute", "100000")];
}

public sealed class BookingRaceTests(BookingRaceApp app, ITestOutputHelper output) : IClassFixture<BookingRaceApp>
{
    /// <summary>Invited students of the fair's supported university, arranged a few at a time.</summary>
    private async Task<List<Invitee>> InviteesAsync(FairScene scene, int count)
    {
        var roster = Enumerable.Range(0, count).Select(i => (No: StudentWorld.NewStudentNo(), Name: $"学生{i:D3}")).ToList();
        var codes = await scene.Host.ImportRosterCodesAsync(scene.SupportedId,
            StudentWorld.RosterHeader + "\n" + string.Join("\n", roster.Select(r => $"{r.No},{r.Name},软件工程,bachelor,2020")));
        var invitees = new ConcurrentBag<Invitee>();
        await Parallel.ForEachAsync(roster, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (row, ct) =>
        {
            var student = await app.RegisterAsync(Callers.NewEmail("rush"));
            var profile = await Api.Expect(await student.ClaimAsync(scene.SupportedId, row.No, row.Name, codes[row.No], phone: null),
                HttpStatusCode.OK);
            await student.RefreshAsync();
            var applicationId = await student.AppliedAsync(scene, await student.UploadResumeAsync());
            await scene.Recruiter.InviteAsync(applicationId);
            invitees.Add(new Invitee(student, Guid.Parse((string)profile["id"]!), applicationId));
        });
        return [.. invitees];
    }

    [Fact]
    public async Task Four_hundred_students_rushing_for_two_hundred_seats_take_each_seat_exactly_once()
    {
        var scene = await app.FairSceneAsync(startHours: -1);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId,
            InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 200, minutes: 5));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var students = await InviteesAsync(scene, 400);
        output.WriteLine($"400 students signed up, applied and invited in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var booked = new ConcurrentDictionary<Guid, Guid>();

        // Each student tries free slots (as the list shows them) until booked or none is left.
        await Task.WhenAll(students.Select(s => Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var free = (await s.Student.GetJsonAsync($"/api/positions/{scene.PositionId}/slots?available=true")).Items();
                if (free.Count == 0) return;
                var pick = Guid.Parse((string)free[Random.Shared.Next(free.Count)]!["id"]!);
                var response = await s.Student.BookAsync(pick, s.ApplicationId);
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.Created) { booked[s.StudentId] = pick; return; }
                await Api.ExpectProblem(response, HttpStatusCode.Conflict, "slot_full");
            }
            Assert.Fail("a student kept finding free slots without booking one");
        })));

        output.WriteLine($"the rush: {statuses.Count} booking attempts in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        Assert.Equal(200, booked.Count);
        Assert.Equal(200, booked.Values.Distinct().Count());
        var perSlot = await app.WithDb(db => db.InterviewSlots.Where(s => s.PositionId == scene.PositionId)
            .Select(s => new { s.Booked, Active = db.InterviewBookings.Count(b => b.SlotId == s.Id && b.Status == BookingStatus.Booked) })
            .ToListAsync());
        Assert.Equal(200, perSlot.Count);
        Assert.All(perSlot, s => Assert.Equal((1, 1), (s.Booked, s.Active)));
        var perStudent = await app.WithDb(db => db.InterviewBookings.Where(b => b.PositionId == scene.PositionId)
            .GroupBy(b => b.StudentId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(200, perStudent.Count);
        Assert.All(perStudent, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Racing_moves_and_cancels_never_leave_a_student_with_two_bookings_or_a_seat_counted_wrong()
    {
        var scene = await app.FairSceneAsync(startHours: -1);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId,
            InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 12, minutes: 10, capacity: 2));
        var students = await InviteesAsync(scene, 16);
        var bookings = new Dictionary<Invitee, string>();
        for (var i = 0; i < students.Count; i++)
            bookings[students[i]] = (string)(await students[i].BookedAsync(slots[i / 2]))["id"]!;
        var statuses = new ConcurrentBag<HttpStatusCode>();

        // Every student moves their booking around at once, some several times in parallel; one in four also cancels.
        await Task.WhenAll(students.SelectMany((s, i) => Enumerable.Range(0, 4).Select(n => Task.Run(async () =>
        {
            var url = $"/api/bookings/{bookings[s]}";
            var response = i % 4 == 0 && n == 3
                ? await s.Student.DeleteAsync(url)
                : await s.Student.PostAsync(url + "/reschedule", new { slotId = slots[Random.Shared.Next(slots.Count)] });
            statuses.Add(response.StatusCode);
        }))));

        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.Conflict }));
        var state = await app.WithDb(async db => new
        {
            Slots = await db.InterviewSlots.Where(s => s.PositionId == scene.PositionId)
                .Select(s => new { s.Booked, s.Capacity, Active = db.InterviewBookings.Count(b => b.SlotId == s.Id && b.Status == BookingStatus.Booked) })
                .ToListAsync(),
            Bookings = await db.InterviewBookings.Where(b => b.PositionId == scene.PositionId).ToListAsync(),
        });
        Assert.All(state.Slots, s => Assert.True(s.Booked == s.Active && s.Booked <= s.Capacity, $"seats {s.Booked}, bookings {s.Active}"));
        // Each student still has their one booking: active, unless they cancelled it.
        Assert.Equal(16, state.Bookings.Count);
        Assert.Equal(4, state.Bookings.Count(b => b.Status == BookingStatus.Cancelled));
        Assert.Equal(12, state.Bookings.Count(b => b.Status == BookingStatus.Booked));
    }
}
