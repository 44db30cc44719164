using System.Net;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Interviews;

public sealed class SlotTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private Task<int> SlotCountAsync(Guid positionId) => app.WithDb(db => db.InterviewSlots.CountAsync(s => s.PositionId == positionId));

    [Fact]
    public async Task The_generator_makes_slots_of_minutes_each_spaced_by_the_gap_while_they_end_by_to()
    {
        var scene = await app.FairSceneAsync();
        var from = InterviewWorld.HoursAhead(3);

        var created = await Api.Expect(await scene.Recruiter.PostAsync($"/api/positions/{scene.PositionId}/slots",
            new { from, to = from.AddMinutes(120), minutes = 30, gapMinutes = 10, capacity = 1 }), HttpStatusCode.Created);

        var slots = created.Items();
        Assert.Equal([from, from.AddMinutes(40), from.AddMinutes(80)], slots.Select(s => InterviewWorld.At(s!["startsAt"])));
        Assert.Equal([from.AddMinutes(30), from.AddMinutes(70), from.AddMinutes(110)], slots.Select(s => InterviewWorld.At(s!["endsAt"])));
        Assert.All(slots, s =>
        {
            Assert.Equal(1, (int)s!["capacity"]!);
            Assert.Equal(0, (int)s["booked"]!);
            // Shown in the default zone, named beside the time.
            Assert.EndsWith("+08:00", (string)s["startsAt"]!, StringComparison.Ordinal);
            Assert.Equal("Asia/Shanghai", (string?)s["timeZone"]);
        });
        Assert.Equal(3, await SlotCountAsync(scene.PositionId));
    }

    [Fact]
    public async Task Listed_slots_with_any_offset_are_stored_as_the_same_instants_and_capacity_makes_group_sessions()
    {
        var scene = await app.FairSceneAsync();
        var start = InterviewWorld.HoursAhead(5);
        var beijing = start.ToOffset(TimeSpan.FromHours(8));

        var created = await Api.Expect(await scene.Recruiter.PostAsync($"/api/positions/{scene.PositionId}/slots", new
        {
            slots = new[]
            {
                new { startsAt = beijing, endsAt = beijing.AddHours(1), capacity = 8 },
                new { startsAt = start.AddHours(2), endsAt = start.AddHours(2.5), capacity = 1 },
            },
        }), HttpStatusCode.Created);

        Assert.Equal([8, 1], created.Items().Select(s => (int)s!["capacity"]!));
        var stored = await app.WithDb(db => db.InterviewSlots.Where(s => s.PositionId == scene.PositionId).OrderBy(s => s.StartsAt)
            .Select(s => s.StartsAt).ToListAsync());
        Assert.Equal([start, start.AddHours(2)], stored);
    }

    [Fact]
    public async Task A_recruiters_slots_may_not_overlap_each_other_and_a_refused_batch_creates_nothing()
    {
        var scene = await app.FairSceneAsync();
        var from = InterviewWorld.HoursAhead(3);
        await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(from, 2));

        // Overlapping one already published, even for another position of the same recruiter.
        var other = await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "测试工程师"));
        await Api.ExpectProblem(await scene.Recruiter.PostAsync($"/api/positions/{other}/slots",
            new { slots = new[] { new { startsAt = from.AddMinutes(45), endsAt = from.AddMinutes(75), capacity = 1 }, new { startsAt = from.AddHours(5), endsAt = from.AddHours(6), capacity = 1 } } }),
            HttpStatusCode.Conflict, "slot_overlap");
        // Overlapping each other within one request.
        await Api.ExpectProblem(await scene.Recruiter.PostAsync($"/api/positions/{scene.PositionId}/slots",
            new { slots = new[] { new { startsAt = from.AddHours(3), endsAt = from.AddHours(4), capacity = 1 }, new { startsAt = from.AddHours(3.5), endsAt = from.AddHours(4.5), capacity = 1 } } }),
            HttpStatusCode.Conflict, "slot_overlap");

        Assert.Equal(2, await SlotCountAsync(scene.PositionId));
        Assert.Equal(0, await SlotCountAsync(other));
        // Touching is not overlapping: the next slot may start when the last one ends.
        await scene.Recruiter.PublishSlotsAsync(other, InterviewWorld.Generator(from.AddMinutes(60), 1));
    }

    [Fact]
    public async Task Slots_are_refused_in_the_past_before_the_fair_and_in_malformed_requests()
    {
        var scene = await app.FairSceneAsync(startHours: 2);
        var url = $"/api/positions/{scene.PositionId}/slots";
        var soon = InterviewWorld.HoursAhead(1);
        var later = InterviewWorld.HoursAhead(3);

        var refusals = new object[]
        {
            new { slots = new[] { new { startsAt = DateTimeOffset.UtcNow.AddHours(-1), endsAt = DateTimeOffset.UtcNow, capacity = 1 } } },
            new { slots = new[] { new { startsAt = soon, endsAt = soon.AddMinutes(30), capacity = 1 } } }, // before the fair opens
            new { slots = new[] { new { startsAt = later, endsAt = later.AddMinutes(2), capacity = 1 } } }, // too short
            new { slots = new[] { new { startsAt = later, endsAt = later.AddMinutes(30), capacity = 0 } } },
            new { slots = Array.Empty<object>() },
            new { slots = new object?[] { null } },
            new { from = later, to = later.AddMinutes(20), minutes = 30 }, // no slot fits
            new { from = later, to = later.AddDays(2), minutes = 5, gapMinutes = 0 }, // 576 is fine, but:
            new { from = later, to = later.AddDays(20), minutes = 5, gapMinutes = 0 }, // more than 1,000
            new { from = later, minutes = 30 },
            new { slots = new[] { new { startsAt = later, endsAt = later.AddMinutes(30), capacity = 1 } }, from = later, to = later.AddHours(1), minutes = 30 },
        };
        var statuses = new List<HttpStatusCode>();
        foreach (var body in refusals) statuses.Add((await scene.Recruiter.PostAsync(url, body)).StatusCode);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.BadRequest, 7), HttpStatusCode.Created, .. Enumerable.Repeat(HttpStatusCode.BadRequest, 3)], statuses);
        Assert.Equal(576, await SlotCountAsync(scene.PositionId));
    }

    [Fact]
    public async Task Only_the_positions_own_recruiters_publish_slots_and_not_for_a_closed_position()
    {
        var scene = await app.FairSceneAsync();
        var body = InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 1);
        var (otherRecruiter, otherEmployer) = await app.RecruiterAsync();
        await scene.Host.ApproveAsync(otherRecruiter, scene.FairId, otherEmployer);
        var (student, _, _) = await app.ApplicantAsync(scene);

        await Api.ExpectProblem(await otherRecruiter.PostAsync($"/api/positions/{scene.PositionId}/slots", body), HttpStatusCode.NotFound, "not_found");
        await Api.ExpectProblem(await student.PostAsync($"/api/positions/{scene.PositionId}/slots", body), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await app.Anonymous().PostAsync($"/api/positions/{scene.PositionId}/slots", body), HttpStatusCode.Unauthorized);
        await Api.Expect(await scene.Recruiter.PostAsync($"/api/positions/{scene.PositionId}/close", null), HttpStatusCode.OK);
        await Api.ExpectProblem(await scene.Recruiter.PostAsync($"/api/positions/{scene.PositionId}/slots", body), HttpStatusCode.Conflict, "position_closed");

        Assert.Equal(0, await SlotCountAsync(scene.PositionId));
    }

    [Fact]
    public async Task Slots_are_seen_by_the_positions_recruiters_and_invited_students_only()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 4));
        var invited = await app.InviteeAsync(scene, "李四");
        var (applicant, _, resume) = await app.ApplicantAsync(scene, "王五");
        await applicant.AppliedAsync(scene, resume);
        var (otherRecruiter, _) = await app.RecruiterAsync();
        var url = $"/api/positions/{scene.PositionId}/slots";

        Assert.Equal(4, (int)(await scene.Recruiter.GetJsonAsync(url))["total"]!);
        Assert.Equal(4, (await invited.Student.GetJsonAsync(url)).Items().Count);
        await Api.ExpectProblem(await applicant.GetAsync(url), HttpStatusCode.Forbidden, "not_invited");
        await Api.ExpectProblem(await otherRecruiter.GetAsync(url), HttpStatusCode.Forbidden, "not_own_position");
        await Api.ExpectProblem(await scene.Host.GetAsync(url), HttpStatusCode.Forbidden, "not_invited");
        await Api.ExpectProblem(await app.Anonymous().GetAsync(url), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Available_lists_only_slots_with_a_free_seat()
    {
        var scene = await app.FairSceneAsync();
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 3));
        var invited = await app.InviteeAsync(scene);
        await invited.BookedAsync(slots[1]);

        var available = await invited.Student.GetJsonAsync($"/api/positions/{scene.PositionId}/slots?available=true");

        Assert.Equal([slots[0].ToString(), slots[2].ToString()], available.Items().Select(s => (string?)s!["id"]));
        Assert.Equal(1, (int)(await scene.Recruiter.SlotAsync(scene.PositionId, slots[1]))["booked"]!);
    }
}
