using System.Net;
using System.Text;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Stats;

/// <summary>The fair dashboard's table of interviews by outcome, as the page and its CSV show it.</summary>
public sealed class FairInterviewTableTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task The_dashboard_counts_interviews_booked_and_cancelled_in_its_table_and_csv()
    {
        var scene = await app.FairSceneAsync(startHours: -1);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 2, minutes: 30));
        var keeps = await app.InviteeAsync(scene, "周一");
        var cancels = await app.InviteeAsync(scene, "周二");
        await keeps.BookedAsync(slots[0]);
        var cancelled = await cancels.BookedAsync(slots[1]);
        await Api.Expect(await cancels.Student.DeleteAsync($"/api/bookings/{(string)cancelled["id"]!}"), HttpStatusCode.NoContent);

        using var pages = Pages.For(app);
        await pages.SignInAsync(scene.Host.Email!);
        var dashboard = await pages.GetAsync($"/centre/fairs/{scene.FairId}");
        var rows = dashboard.Document.QuerySelectorAll("[data-table=interviews] tbody tr")
            .Select(tr => (tr.QuerySelector("th")!.TextContent.Trim(), tr.QuerySelector("td")!.TextContent.Trim())).ToList();
        Assert.Equal([("已预约、待面试", "1"), ("已面试", "0"), ("缺席", "0"), ("已取消", "1")], rows);

        var csv = await pages.Http.GetByteArrayAsync(new Uri($"/centre/fairs/{scene.FairId}/interviews.csv", UriKind.Relative));
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        Assert.Equal("结果,数量\r\n已预约、待面试,1\r\n已面试,0\r\n缺席,0\r\n已取消,1\r\n", Encoding.UTF8.GetString(csv[3..]));
    }

    [Fact]
    public async Task Interviews_the_recruiter_marks_held_and_missed_on_the_interviews_page_are_counted_apart_in_the_table_and_csv()
    {
        var scene = await app.FairSceneAsync("测试开发工程师", startHours: -2);
        var start = InterviewWorld.HoursAhead(3);
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(start, 3, minutes: 30));
        var held = (string)(await (await app.InviteeAsync(scene, "到场者")).BookedAsync(slots[0]))["id"]!;
        var missed = (string)(await (await app.InviteeAsync(scene, "缺席者")).BookedAsync(slots[1]))["id"]!;
        await (await app.InviteeAsync(scene, "待面试者")).BookedAsync(slots[2]);
        // Time passes for the first two: they began an hour and half an hour ago.
        await app.WithDb(db => db.Database.ExecuteSqlAsync(
            $"UPDATE interview_bookings SET starts_at = starts_at - interval '4 hours', ends_at = ends_at - interval '4 hours' WHERE id IN ({Guid.Parse(held)}, {Guid.Parse(missed)})"));

        // On the recruiter's interviews page, the day each began (days in the reader's zone, Asia/Shanghai).
        using var recruiter = Pages.For(app);
        await recruiter.SignInAsync(scene.Recruiter.Email!);
        foreach (var (booking, began, button, status) in new[]
                 { (held, start.AddHours(-4), "Act.Completed", "completed"), (missed, start.AddHours(-3.5), "Act.NoShow", "no_show") })
        {
            var day = $"/employer/interviews?day={TimeZoneInfo.ConvertTime(began, Shanghai):yyyy-MM-dd}";
            var done = await recruiter.SubmitAsync(await recruiter.GetAsync(day), "bookings", new Dictionary<string, string> { [button] = booking });
            Assert.Equal(HttpStatusCode.Found, done.Status);
            Assert.Equal(status, (await recruiter.GetAsync(day)).Document.QuerySelector($"[data-booking-id='{booking}']")!.GetAttribute("data-status"));
        }

        using var pages = Pages.For(app);
        await pages.SignInAsync(scene.Host.Email!);
        var dashboard = await pages.GetAsync($"/centre/fairs/{scene.FairId}");
        var rows = dashboard.Document.QuerySelectorAll("[data-table=interviews] tbody tr")
            .Select(tr => (tr.QuerySelector("th")!.TextContent.Trim(), tr.QuerySelector("td")!.TextContent.Trim())).ToList();
        Assert.Equal([("已预约、待面试", "1"), ("已面试", "1"), ("缺席", "1"), ("已取消", "0")], rows);
        var csv = await pages.Http.GetByteArrayAsync(new Uri($"/centre/fairs/{scene.FairId}/interviews.csv", UriKind.Relative));
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        Assert.Equal("结果,数量\r\n已预约、待面试,1\r\n已面试,1\r\n缺席,1\r\n已取消,0\r\n", Encoding.UTF8.GetString(csv[3..]));
    }
}
