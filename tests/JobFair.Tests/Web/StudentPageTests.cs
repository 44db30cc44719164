using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Web;

/// <summary>A student's pages as served, without a browser: claiming, applying, applications, interviews.</summary>
public sealed class StudentPageTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task A_newcomer_claims_the_roster_row_on_me_and_is_a_student_from_then_on()
    {
        var (_, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        var no = StudentWorld.NewStudentNo();
        var codes = await centre.ImportRosterCodesAsync(supported, $"{StudentWorld.RosterHeader}\n{no},李四,软件工程,bachelor,2020\n");
        using var newcomer = await app.RegisterAsync();
        using var pages = Pages.For(app);
        await pages.SignInAsync(newcomer.Email!);

        var form = await pages.GetAsync("/me");
        Assert.Equal("认证毕业生身份", form.Heading);
        Assert.NotNull(form.Document.QuerySelector($"select#universityId option[value='{supported}']"));
        var fields = new Dictionary<string, string> { ["Input.UniversityId"] = supported.ToString(), ["Input.StudentNo"] = no, ["Input.Name"] = "王五", ["Input.ActivationCode"] = codes[no] };

        var refused = await pages.SubmitAsync(form, "claim", fields);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        // One refusal in the summary, in Chinese (whichever code the roster rules give it), and no claim.
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", Assert.Single(refused.Errors));
        Assert.Equal(HttpStatusCode.Forbidden, (await pages.GetAsync("/me/applications")).Status); // not a student (yet)

        fields["Input.Name"] = "李四";
        var claimed = await pages.SubmitAsync(refused, "claim", fields);
        Assert.Equal(HttpStatusCode.Found, claimed.Status);
        var me = await pages.FollowAsync(claimed);
        Assert.Equal("李四，你好", me.Heading);
        Assert.Equal("/me", me.Document.QuerySelector("a.nav-link[href='/me']")?.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync("/me/applications")).Status); // the cookie carries the role now

        // The same claim sent again (a double tap, a second tab) still reaches its form: the use case answers, no 400.
        var again = await pages.SubmitAsync(refused, "claim", fields);
        Assert.Equal(HttpStatusCode.Found, again.Status);
        Assert.Equal("李四，你好", (await pages.FollowAsync(again)).Heading);
    }

    [Fact]
    public async Task A_student_applies_from_the_position_page_choosing_a_resume_and_a_second_post_is_refused_in_Chinese()
    {
        var scene = await app.FairSceneAsync("前端开发工程师");
        var (student, _, firstResume) = await app.ApplicantAsync(scene);
        var secondResume = await student.UploadResumeAsync("第二份简历");
        using var pages = Pages.For(app);
        await pages.SignInAsync(student.Email!);

        var page = await pages.GetAsync($"/positions/{scene.PositionId}?fair={scene.FairId}");
        var form = page.Form("apply");
        Assert.Equal("投递简历", form.QuerySelector("button[type=submit]")!.TextContent.Trim());
        var choices = form.QuerySelectorAll<IHtmlInputElement>("input[type=radio][name='Input.ResumeId']").Select(r => r.Value).ToList();
        Assert.Equal([secondResume.ToString(), firstResume.ToString()], choices); // newest first
        Assert.Equal(scene.FairId.ToString(), form.QuerySelector<IHtmlInputElement>("input[name='Input.FairId']")!.Value);

        var sent = await pages.SubmitAsync(page, "apply", new Dictionary<string, string> { ["Input.ResumeId"] = firstResume.ToString() });
        Assert.Equal(HttpStatusCode.Found, sent.Status);
        var after = await pages.FollowAsync(sent);
        Assert.Contains("简历已投递", after.Document.QuerySelector(".apply")!.TextContent);
        Assert.Equal("已投递", after.Document.QuerySelector(".applied .chip")!.TextContent.Trim());
        var mine = (await student.GetJsonAsync("/api/students/me/applications")).Items();
        Assert.Equal(firstResume.ToString(), (string?)mine.Single()!["resumeId"]);

        // The same form sent again (a double tap, a second tab): the use case refuses, the page says so.
        var again = await pages.SubmitAsync(page, "apply", new Dictionary<string, string> { ["Input.ResumeId"] = secondResume.ToString() });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(["您已投递过这个岗位。"], again.Errors);
        Assert.Single((await student.GetJsonAsync("/api/students/me/applications")).Items());
        student.Dispose();
    }

    [Fact]
    public async Task Students_of_other_universities_and_of_closed_positions_are_told_why_in_their_language_without_a_button()
    {
        var scene = await app.FairSceneAsync("运维工程师");
        var elsewhere = await app.UniversityIdAsync("厦门大学");
        var (outsider, _) = await app.StudentAsync(elsewhere);
        await outsider.UploadResumeAsync();
        using var pages = Pages.For(app);
        await pages.SignInAsync(outsider.Email!);

        var page = await pages.GetAsync($"/positions/{scene.PositionId}");
        Assert.Equal("只有两所主办高校的学生可以投递这场双选会的岗位。", page.Document.QuerySelector(".apply .notice")!.TextContent.Trim());
        Assert.Empty(page.Document.QuerySelectorAll(".apply form"));

        await pages.GetAsync("/language/en?returnUrl=/");
        var english = await pages.GetAsync($"/positions/{scene.PositionId}");
        Assert.Equal("Only students of the fair's two host universities may apply in it.", english.Document.QuerySelector(".apply .notice")!.TextContent.Trim());
        outsider.Dispose();
    }

    [Fact]
    public async Task My_applications_carry_their_id_and_status_and_a_student_withdraws_one_and_accepts_an_offer()
    {
        var scene = await app.FairSceneAsync("测试工程师");
        var other = await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "实施工程师"));
        var (student, _, resumeId) = await app.ApplicantAsync(scene);
        var first = await student.AppliedAsync(scene, resumeId);
        var second = await student.AppliedAsync(scene, resumeId, other);
        await Api.Expect(await scene.Recruiter.SetStatusAsync(second, "shortlisted"), HttpStatusCode.OK);
        await Api.Expect(await scene.Recruiter.SetStatusAsync(second, "offered"), HttpStatusCode.OK);
        using var pages = Pages.For(app);
        await pages.SignInAsync(student.Email!);

        var page = await pages.GetAsync("/me/applications");
        var rows = page.Document.QuerySelectorAll("tr[data-application-id]").ToDictionary(r => r.GetAttribute("data-application-id")!, r => r.GetAttribute("data-status"));
        Assert.Equal(new Dictionary<string, string?> { [first.ToString()] = "submitted", [second.ToString()] = "offered" }, rows);
        Assert.Equal("/js/my-applications.js", page.Document.QuerySelector("#applications")!.GetAttribute("data-island"));

        var withdrawn = await pages.FollowAsync(await pages.SubmitAsync(page, "applications", Act(first, "withdrawn")));
        Assert.Equal("withdrawn", withdrawn.Document.QuerySelector($"tr[data-application-id='{first}']")!.GetAttribute("data-status"));
        var signed = await pages.FollowAsync(await pages.SubmitAsync(withdrawn, "applications", Act(second, "accepted")));
        var row = signed.Document.QuerySelector($"tr[data-application-id='{second}']")!;
        Assert.Equal("signed", row.GetAttribute("data-status"));
        Assert.Equal("已签约", row.QuerySelector(".chip")!.TextContent.Trim());
        Assert.Empty(row.QuerySelectorAll("button")); // nothing more to do with a signed application

        // A step the table does not allow (a stale page): the refusal, in Chinese, and nothing changed.
        var stale = await pages.SubmitAsync(page, "applications", Act(first, "withdrawn"));
        Assert.Equal(HttpStatusCode.OK, stale.Status);
        Assert.Single(stale.Errors);
        student.Dispose();
    }

    [Fact]
    public async Task An_invited_student_books_a_slot_gets_its_calendar_file_moves_it_and_cancels_it_on_the_interviews_page()
    {
        var scene = await app.FairSceneAsync("产品经理");
        var invitee = await app.InviteeAsync(scene);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(30), 3));
        using var pages = Pages.For(app);
        await pages.SignInAsync(invitee.Student.Email!);

        var page = await pages.GetAsync("/me/interviews");
        var buttons = page.Document.QuerySelectorAll("button[data-slot-id]").Select(b => b.GetAttribute("data-slot-id")).ToList();
        Assert.Equal(slots.Select(s => (string?)s.ToString()), buttons);
        Assert.Contains(scene.PositionId.ToString(), page.Document.QuerySelector("#interviews")!.GetAttribute("data-positions"));

        var booked = await pages.FollowAsync(await pages.SubmitAsync(page, "interviews",
            new Dictionary<string, string> { ["book"] = $"{invitee.ApplicationId} {slots[1]}" }));
        var booking = booked.Document.QuerySelector(".booking")!;
        var calendar = booking.QuerySelector("a[href$='.ics']")!.GetAttribute("href")!;
        Assert.Equal("已预约", booking.QuerySelector(".chip")!.TextContent.Trim());
        Assert.Null(booked.Document.QuerySelector($"#application-{invitee.ApplicationId}")); // no longer waiting to be booked
        var ics = await pages.Http.GetAsync(new Uri(calendar, UriKind.Relative));
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        Assert.Contains("BEGIN:VEVENT", await ics.Content.ReadAsStringAsync());
        // Moving is offered among the other free slots.
        Assert.Equal([slots[0].ToString(), slots[2].ToString()], booking.QuerySelectorAll("button[data-slot-id]").Select(b => b.GetAttribute("data-slot-id")));

        var bookingId = booking.Id!["booking-".Length..];
        var moved = await pages.FollowAsync(await pages.SubmitAsync(booked, "interviews",
            new Dictionary<string, string> { ["move"] = $"{bookingId} {slots[2]}" }));
        var mine = (await invitee.Student.GetJsonAsync("/api/students/me/bookings")).Items();
        Assert.Equal(slots[2].ToString(), (string?)Assert.Single(mine)!["slotId"]);
        Assert.Equal([slots[0].ToString(), slots[1].ToString()],
            moved.Document.QuerySelector(".booking")!.QuerySelectorAll("button[data-slot-id]").Select(b => b.GetAttribute("data-slot-id")));
        bookingId = moved.Document.QuerySelector(".booking")!.Id!["booking-".Length..];

        var cancelled = await pages.FollowAsync(await pages.SubmitAsync(moved, "interviews", new Dictionary<string, string> { ["cancel"] = bookingId }));
        Assert.Empty(cancelled.Document.QuerySelectorAll(".booking"));
        Assert.Equal(3, cancelled.Document.QuerySelectorAll($"#application-{invitee.ApplicationId} button[data-slot-id]").Length);
        invitee.Student.Dispose();
    }

    [Fact]
    public async Task An_invitation_whose_interview_was_held_or_missed_is_no_longer_offered_to_book_and_shows_as_held()
    {
        var scene = await app.FairSceneAsync("售前工程师", startHours: -2);
        var invitee = await app.InviteeAsync(scene, "面试过的同学");
        using var _ = invitee.Student;
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 2));
        var booking = (string)(await invitee.BookedAsync(slots[0]))["id"]!;
        await app.WithDb(db => db.Database.ExecuteSqlAsync(
            $"UPDATE interview_bookings SET starts_at = starts_at - interval '4 hours', ends_at = ends_at - interval '4 hours' WHERE id = {Guid.Parse(booking)}"));
        await Api.Expect(await scene.Recruiter.PostAsync($"/api/bookings/{booking}/outcome", new { outcome = "completed" }), HttpStatusCode.OK);
        // The application is still an invitation (the employer has yet to decide), and a second booking would be refused.
        await Api.ExpectProblem(await invitee.Student.BookAsync(slots[1], invitee.ApplicationId), HttpStatusCode.Conflict, "already_booked");

        using var pages = Pages.For(app);
        await pages.SignInAsync(invitee.Student.Email!);
        var interviews = await pages.GetAsync("/me/interviews");
        Assert.Null(interviews.Document.QuerySelector($"#application-{invitee.ApplicationId}"));
        Assert.Empty(interviews.Document.QuerySelectorAll("button[data-slot-id]"));
        // It is not lost either: the interviews page keeps it on record as held, with its position and time.
        var held = interviews.Document.QuerySelector($"section[aria-labelledby=past-title] [data-booking-id='{booking}']");
        Assert.NotNull(held);
        Assert.Contains("售前工程师", held.TextContent);
        Assert.Contains("已完成", held.TextContent);
        Assert.Null(interviews.Document.QuerySelector($"section[aria-labelledby=bookings-title] [data-key='{booking}']"));
        var me = await pages.GetAsync("/me");
        Assert.Null(me.Document.QuerySelector("main .awaits a[href='/me/interviews']"));
    }

    [Fact]
    public async Task A_notifications_link_to_an_application_leads_its_student_to_the_row_and_is_the_404_page_for_other_students()
    {
        var scene = await app.FairSceneAsync("实施顾问");
        var (student, _, resumeId) = await app.ApplicantAsync(scene);
        var applicationId = await student.AppliedAsync(scene, resumeId);
        var (other, _) = await app.StudentAsync(scene.SupportedId, scene.Host, "赵六");
        using var mine = Pages.For(app);
        await mine.SignInAsync(student.Email!);
        using var theirs = Pages.For(app);
        await theirs.SignInAsync(other.Email!);

        using (var link = await mine.Http.GetAsync(new Uri($"/applications/{applicationId}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Found, link.StatusCode);
            Assert.EndsWith($"/me/applications#application-{applicationId}", link.Headers.Location!.OriginalString);
        }
        Assert.NotNull((await mine.GetAsync("/me/applications")).Document.GetElementById($"application-{applicationId}"));
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync($"/applications/{applicationId}")).Status);
        student.Dispose();
        other.Dispose();
    }

    private static Dictionary<string, string> Act(Guid applicationId, string status) => new() { ["act"] = $"{applicationId} {status}" };
}
