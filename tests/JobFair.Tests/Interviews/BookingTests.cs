using System.Net;
using System.Net.Http.Json;
using JobFair.Server.Features.Interviews;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Interviews;

public sealed class BookingTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private Task<int> ActiveBookingsAsync(Guid slotId) =>
        app.WithDb(db => db.InterviewBookings.CountAsync(b => b.SlotId == slotId && b.Status == BookingStatus.Booked));

    /// <summary>Seats taken in each of these slots, in the order given.</summary>
    private async Task<int[]> SeatsTakenAsync(params Guid[] slotIds)
    {
        var seats = await app.WithDb(db => db.InterviewSlots.Where(s => slotIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Booked));
        return slotIds.Select(id => seats[id]).ToArray();
    }

    [Fact]
    public async Task An_invited_student_books_a_seat_and_both_sides_see_the_booking()
    {
        var scene = await app.FairSceneAsync();
        var start = InterviewWorld.HoursAhead(3);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(start, 2));
        var invitee = await app.InviteeAsync(scene, "陈晨");

        var booking = await invitee.BookedAsync(slots[0]);

        var id = (string)booking["id"]!;
        Assert.Equal(slots[0].ToString(), (string?)booking["slotId"]);
        Assert.Equal(start, InterviewWorld.At(booking["startsAt"]));
        Assert.Equal(start.AddMinutes(30), InterviewWorld.At(booking["endsAt"]));
        Assert.Equal($"/rooms/{id}", (string?)booking["roomUrl"]); // the room page (issue 14)
        Assert.Equal(new[] { 1 }, await SeatsTakenAsync(slots[0]));
        var mine = await invitee.Student.GetJsonAsync("/api/students/me/bookings");
        Assert.Equal(id, (string?)mine.Items().Single()!["id"]);
        var theirs = await scene.Recruiter.GetJsonAsync("/api/employers/me/bookings");
        Assert.Equal("陈晨", (string?)theirs.Items().Single()!["student"]!["name"]);
        Assert.DoesNotContain("13800138000", theirs.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(id, (string?)(await scene.Recruiter.GetJsonAsync($"/api/bookings/{id}"))["id"]);
    }

    [Fact]
    public async Task Booking_is_refused_in_the_contracts_order_and_nothing_changes()
    {
        var scene = await app.FairSceneAsync();
        var start = InterviewWorld.HoursAhead(3);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(start, 3));
        var first = await app.InviteeAsync(scene, "甲");
        var second = await app.InviteeAsync(scene, "乙");
        await first.BookedAsync(slots[0]);
        await second.BookedAsync(slots[1]);

        // Not invited: applied, but the recruiter has not invited them (even though the slot is full).
        var (applicant, _, resume) = await app.ApplicantAsync(scene, "丙");
        var pending = await applicant.AppliedAsync(scene, resume);
        await Api.ExpectProblem(await applicant.BookAsync(slots[0], pending), HttpStatusCode.Forbidden, "not_invited");
        // Already booked comes before slot full.
        await Api.ExpectProblem(await first.Student.BookAsync(slots[1], first.ApplicationId), HttpStatusCode.Conflict, "already_booked");
        await Api.ExpectProblem(await first.Student.BookAsync(slots[0], first.ApplicationId), HttpStatusCode.Conflict, "already_booked");
        // Full.
        var third = await app.InviteeAsync(scene, "丁");
        await Api.ExpectProblem(await third.Student.BookAsync(slots[0], third.ApplicationId), HttpStatusCode.Conflict, "slot_full");
        // Someone else's application does not exist for this student; neither does an unknown slot.
        await Api.ExpectProblem(await third.Student.BookAsync(slots[2], first.ApplicationId), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await third.Student.BookAsync(Guid.NewGuid(), third.ApplicationId), HttpStatusCode.NotFound);
        // Only students book.
        await Api.ExpectProblem(await scene.Recruiter.BookAsync(slots[2], third.ApplicationId), HttpStatusCode.Forbidden);

        Assert.Equal(new[] { 1, 1, 0 }, await SeatsTakenAsync(slots[0], slots[1], slots[2]));
        Assert.Equal(2, await app.WithDb(db => db.InterviewBookings.CountAsync(b => b.PositionId == scene.PositionId)));
    }

    [Fact]
    public async Task An_invitation_for_one_position_does_not_open_another_positions_slots()
    {
        var scene = await app.FairSceneAsync();
        var other = await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "测试工程师"));
        var otherSlots = await scene.Recruiter.PublishSlotsAsync(other, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 1));
        var invitee = await app.InviteeAsync(scene);

        await Api.ExpectProblem(await invitee.Student.BookAsync(otherSlots[0], invitee.ApplicationId), HttpStatusCode.Forbidden, "not_invited");
        Assert.Equal(new[] { 0 }, await SeatsTakenAsync(otherSlots[0]));
    }

    [Fact]
    public async Task A_student_never_holds_two_overlapping_bookings_across_employers()
    {
        var scene = await app.FairSceneAsync();
        var (recruiter2, employer2) = await app.RecruiterAsync();
        await scene.Host.ApproveAsync(recruiter2, scene.FairId, employer2);
        var position2 = await recruiter2.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "产品经理"));
        var start = InterviewWorld.HoursAhead(3);
        var mine = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(start, 1, minutes: 60));
        var theirs = await recruiter2.PublishSlotsAsync(position2, new
        {
            slots = new[]
            {
                new { startsAt = start.AddMinutes(30), endsAt = start.AddMinutes(60), capacity = 1 },
                new { startsAt = start.AddMinutes(60), endsAt = start.AddMinutes(90), capacity = 1 },
            },
        });
        var (student, studentId, resume) = await app.ApplicantAsync(scene, "周舟");
        var first = await student.AppliedAsync(scene, resume);
        var second = await student.AppliedAsync(scene, resume, position2);
        await scene.Recruiter.InviteAsync(first);
        await recruiter2.InviteAsync(second);
        await Api.Expect(await student.BookAsync(mine[0], first), HttpStatusCode.Created);

        await Api.ExpectProblem(await student.BookAsync(theirs[0], second), HttpStatusCode.Conflict, "student_overlap");
        Assert.Equal(0, await ActiveBookingsAsync(theirs[0]));
        Assert.Equal(new[] { 0 }, await SeatsTakenAsync(theirs[0]));
        // Back to back is fine.
        await Api.Expect(await student.BookAsync(theirs[1], second), HttpStatusCode.Created);

        var held = await app.WithDb(db => db.InterviewBookings.Where(b => b.StudentId == studentId && b.Status == BookingStatus.Booked)
            .OrderBy(b => b.StartsAt).Select(b => b.SlotId).ToListAsync());
        Assert.Equal([mine[0], theirs[1]], held);
    }

    [Fact]
    public async Task A_full_slot_that_would_also_overlap_is_refused_as_full()
    {
        var scene = await app.FairSceneAsync();
        var start = InterviewWorld.HoursAhead(3);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(start, 1, minutes: 60));
        var (recruiter2, employer2) = await app.RecruiterAsync();
        await scene.Host.ApproveAsync(recruiter2, scene.FairId, employer2);
        var position2 = await recruiter2.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "运营专员"));
        var other = await recruiter2.PublishSlotsAsync(position2, InterviewWorld.Generator(start, 1, minutes: 60));
        var taker = await app.InviteeAsync(scene, "赵一", position2, recruiter2);
        await taker.BookedAsync(other[0]);
        var (student, _, resume) = await app.ApplicantAsync(scene, "钱二");
        var mine = await student.AppliedAsync(scene, resume);
        var theirs = await student.AppliedAsync(scene, resume, position2);
        await scene.Recruiter.InviteAsync(mine);
        await recruiter2.InviteAsync(theirs);
        await Api.Expect(await student.BookAsync(slots[0], mine), HttpStatusCode.Created);

        await Api.ExpectProblem(await student.BookAsync(other[0], theirs), HttpStatusCode.Conflict, "slot_full");
    }

    [Fact]
    public async Task Cancelling_frees_the_seat_at_once_and_late_cancellations_are_recorded()
    {
        var scene = await app.FairSceneAsync(startHours: -1);
        var soon = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(1), 1));
        var later = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(4), 1));
        var a = await app.InviteeAsync(scene, "甲");
        var b = await app.InviteeAsync(scene, "乙");
        var early = (string)(await a.BookedAsync(later[0]))["id"]!;
        var late = (string)(await b.BookedAsync(soon[0]))["id"]!;

        await Api.Expect(await a.Student.DeleteAsync($"/api/bookings/{early}"), HttpStatusCode.NoContent);
        await Api.Expect(await scene.Recruiter.DeleteAsync($"/api/bookings/{late}"), HttpStatusCode.NoContent);
        await Api.Expect(await a.Student.DeleteAsync($"/api/bookings/{early}"), HttpStatusCode.NoContent); // again: nothing changes

        Assert.Equal(new[] { 0, 0 }, await SeatsTakenAsync(later[0], soon[0]));
        var first = await a.Student.GetJsonAsync($"/api/bookings/{early}");
        Assert.Equal(("cancelled", false, "student"), ((string?)first["status"], (bool)first["lateCancel"]!, (string?)first["cancelledBy"]));
        var second = await b.Student.GetJsonAsync($"/api/bookings/{late}");
        Assert.Equal(("cancelled", true, "recruiter"), ((string?)second["status"], (bool)second["lateCancel"]!, (string?)second["cancelledBy"]));
        // The seat is free for someone else, and for the same application again.
        await a.BookedAsync(soon[0]);
        await b.BookedAsync(later[0]);
        // Another student cannot cancel (or see) it.
        var c = await app.InviteeAsync(scene, "丙");
        await Api.ExpectProblem(await c.Student.DeleteAsync($"/api/bookings/{early}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rescheduling_moves_the_booking_and_both_seats_in_one_step()
    {
        var scene = await app.FairSceneAsync();
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 3));
        var a = await app.InviteeAsync(scene, "甲");
        var b = await app.InviteeAsync(scene, "乙");
        var id = (string)(await a.BookedAsync(slots[0]))["id"]!;
        await b.BookedAsync(slots[2]);

        var moved = await Api.Expect(await a.Student.PostAsync($"/api/bookings/{id}/reschedule", new { slotId = slots[1] }), HttpStatusCode.OK);
        Assert.Equal((id, slots[1].ToString(), 1), ((string)moved["id"]!, (string?)moved["slotId"], (int)moved["sequence"]!));
        Assert.Equal(new[] { 0, 1, 1 }, await SeatsTakenAsync(slots[0], slots[1], slots[2]));

        // Into a full slot: refused and nothing moves.
        await Api.ExpectProblem(await a.Student.PostAsync($"/api/bookings/{id}/reschedule", new { slotId = slots[2] }), HttpStatusCode.Conflict, "slot_full");
        // The recruiter may move it too.
        await Api.Expect(await scene.Recruiter.PostAsync($"/api/bookings/{id}/reschedule", new { slotId = slots[0] }), HttpStatusCode.OK);
        var other = await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "测试工程师"));
        var otherSlot = await scene.Recruiter.PublishSlotsAsync(other, InterviewWorld.Generator(InterviewWorld.HoursAhead(8), 1));
        await Api.ExpectProblem(await a.Student.PostAsync($"/api/bookings/{id}/reschedule", new { slotId = otherSlot[0] }), HttpStatusCode.Conflict, "other_position");
        await Api.ExpectProblem(await b.Student.PostAsync($"/api/bookings/{id}/reschedule", new { slotId = slots[1] }), HttpStatusCode.NotFound);

        Assert.Equal(new[] { 1, 0, 1 }, await SeatsTakenAsync(slots[0], slots[1], slots[2]));
        Assert.Equal(2, (int)(await a.Student.GetJsonAsync($"/api/bookings/{id}"))["sequence"]!);
    }

    [Fact]
    public async Task Leaving_the_running_gives_up_the_seat()
    {
        var scene = await app.FairSceneAsync();
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 2));
        var rejected = await app.InviteeAsync(scene, "甲");
        var withdrawn = await app.InviteeAsync(scene, "乙");
        await rejected.BookedAsync(slots[0]);
        await withdrawn.BookedAsync(slots[1]);

        await Api.Expect(await scene.Recruiter.SetStatusAsync(rejected.ApplicationId, "rejected"), HttpStatusCode.OK);
        await Api.Expect(await withdrawn.Student.SetStatusAsync(withdrawn.ApplicationId, "withdrawn"), HttpStatusCode.OK);

        Assert.Equal(new[] { 0, 0 }, await SeatsTakenAsync(slots[0], slots[1]));
        Assert.Equal(2, await app.WithDb(db => db.InterviewBookings.CountAsync(b => b.PositionId == scene.PositionId && b.Status == BookingStatus.Cancelled)));
    }

    [Fact]
    public async Task The_recruiter_records_no_shows_once_started_and_the_students_centre_sees_them()
    {
        var scene = await app.FairSceneAsync();
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 2));
        var absent = await app.InviteeAsync(scene, "缺席者");
        var present = await app.InviteeAsync(scene, "出席者");
        var missed = (string)(await absent.BookedAsync(slots[0]))["id"]!;
        var held = (string)(await present.BookedAsync(slots[1]))["id"]!;

        await Api.ExpectProblem(await scene.Recruiter.PostAsync($"/api/bookings/{missed}/outcome", new { outcome = "no_show" }), HttpStatusCode.Conflict, "not_started");
        // Time passes: both interviews are now in the past.
        await app.WithDb(db => db.Database.ExecuteSqlAsync(
            $"UPDATE interview_bookings SET starts_at = starts_at - interval '4 hours', ends_at = ends_at - interval '4 hours' WHERE position_id = {scene.PositionId}"));
        await Api.ExpectProblem(await absent.Student.PostAsync($"/api/bookings/{missed}/outcome", new { outcome = "no_show" }), HttpStatusCode.Forbidden);
        await Api.ExpectProblem(await scene.Recruiter.PostAsync($"/api/bookings/{missed}/outcome", new { outcome = "late" }), HttpStatusCode.BadRequest);
        await Api.Expect(await scene.Recruiter.PostAsync($"/api/bookings/{missed}/outcome", new { outcome = "no_show" }), HttpStatusCode.OK);
        await Api.Expect(await scene.Recruiter.PostAsync($"/api/bookings/{held}/outcome", new { outcome = "completed" }), HttpStatusCode.OK);
        await Api.ExpectProblem(await scene.Recruiter.PostAsync($"/api/bookings/{held}/outcome", new { outcome = "no_show" }), HttpStatusCode.Conflict, "booking_not_active");

        var noShows = await scene.Host.GetJsonAsync($"/api/universities/{scene.SupportedId}/no-shows");
        var row = noShows.Items().Single()!;
        Assert.Equal(("缺席者", 1), ((string?)row["name"], (int)row["noShows"]!));
        var otherCentre = await app.CentreAsync(scene.SupportingId);
        await Api.ExpectProblem(await otherCentre.GetAsync($"/api/universities/{scene.SupportedId}/no-shows"), HttpStatusCode.Forbidden, "not_own_university");
    }

    [Fact]
    public async Task The_room_opens_to_the_two_sides_from_ten_minutes_before_the_start_to_the_end()
    {
        var scene = await app.FairSceneAsync(startHours: -1);
        var start = InterviewWorld.HoursAhead(0.1); // in about seven minutes: the room is open
        var now = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(start, 1));
        var later = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(start.AddHours(3), 1));
        var a = await app.InviteeAsync(scene, "甲");
        var b = await app.InviteeAsync(scene, "乙");
        var open = (string)(await a.BookedAsync(now[0]))["id"]!;
        var notYet = (string)(await b.BookedAsync(later[0]))["id"]!;

        var room = await a.Student.GetJsonAsync($"/api/bookings/{open}/room");
        Assert.Equal("student", (string?)room["role"]);
        Assert.Equal("recruiter", (string?)(await scene.Recruiter.GetJsonAsync($"/api/bookings/{open}/room"))["role"]);
        await Api.ExpectProblem(await b.Student.GetAsync($"/api/bookings/{open}/room"), HttpStatusCode.NotFound);
        await Api.ExpectProblem(await app.Anonymous().GetAsync($"/api/bookings/{open}/room"), HttpStatusCode.Unauthorized);
        var closed = await Api.ExpectProblem(await b.Student.GetAsync($"/api/bookings/{notYet}/room"), HttpStatusCode.Conflict, "room_not_open");
        Assert.Equal(start.AddHours(3).AddMinutes(-10), InterviewWorld.At(closed["opensAt"]));

        await app.WithDb(db => db.Database.ExecuteSqlAsync(
            $"UPDATE interview_bookings SET starts_at = starts_at - interval '1 hour', ends_at = ends_at - interval '1 hour' WHERE id = {Guid.Parse(open)}"));
        await Api.ExpectProblem(await a.Student.GetAsync($"/api/bookings/{open}/room"), HttpStatusCode.Conflict, "room_closed");
    }

    [Fact]
    public async Task The_OpenAPI_document_names_the_refusal_codes_of_booking_moving_and_entering_the_room()
    {
        using var api = app.Anonymous();
        var paths = (await api.GetJsonAsync("/openapi/v1.json"))["paths"]!;
        string[] Codes(string path, string method, string status) =>
            paths[path]![method]!["responses"]![status]!["x-problem-codes"]!.AsArray().Select(c => (string)c!).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["already_booked", "slot_full", "slot_started", "student_overlap"], Codes("/api/slots/{id}/bookings", "post", "409"));
        Assert.Equal(["forbidden", "not_invited", "not_student"], Codes("/api/slots/{id}/bookings", "post", "403"));
        Assert.Equal(["booking_not_active", "other_position", "slot_full", "slot_started", "student_overlap"],
            Codes("/api/bookings/{id}/reschedule", "post", "409"));
        Assert.Equal(["booking_not_active", "room_closed", "room_not_open"], Codes("/api/bookings/{id}/room", "get", "409"));
        // A recruiter of a suspended employer is refused there too (EmployerStanding, issue 11 item 3).
        Assert.Equal(["employer_suspended", "not_invited", "not_own_position"], Codes("/api/positions/{id}/slots", "get", "403"));
        Assert.Equal(["position_closed", "slot_overlap", "too_many_slots"], Codes("/api/positions/{id}/slots", "post", "409"));
        Assert.Equal(["unauthenticated"], Codes("/api/bookings/{id}", "delete", "401"));
    }

    [Fact]
    public async Task Times_are_shown_in_the_callers_own_zone_when_they_set_one()
    {
        var scene = await app.FairSceneAsync();
        var start = InterviewWorld.HoursAhead(3);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(start, 1));
        var invitee = await app.InviteeAsync(scene);
        var id = (string)(await invitee.BookedAsync(slots[0]))["id"]!;

        await Api.ExpectProblem(await invitee.Student.Http.PutAsJsonAsync(new Uri("/api/me/time-zone", UriKind.Relative), new { timeZone = "Mars/Olympus" }), HttpStatusCode.BadRequest);
        await Api.Expect(await invitee.Student.Http.PutAsJsonAsync(new Uri("/api/me/time-zone", UriKind.Relative), new { timeZone = "America/New_York" }), HttpStatusCode.OK);

        var booking = await invitee.Student.GetJsonAsync($"/api/bookings/{id}");
        Assert.Equal("America/New_York", (string?)booking["timeZone"]);
        var shown = InterviewWorld.At(booking["startsAt"]);
        Assert.Equal(start, shown);
        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById("America/New_York").GetUtcOffset(start), shown.Offset);
        Assert.Equal("America/New_York", (string?)(await invitee.Student.GetJsonAsync("/api/me"))["timeZone"]);
        // The recruiter still reads Beijing time.
        Assert.EndsWith("+08:00", (string)(await scene.Recruiter.GetJsonAsync($"/api/bookings/{id}"))["startsAt"]!, StringComparison.Ordinal);
    }
}
