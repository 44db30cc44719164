using System.Net;
using System.Text;
using JobFair.Tests.Support;

namespace JobFair.Tests.Stats;

/// <summary>The fair dashboard's table of interviews by outcome, as the page and its CSV show it.</summary>
public sealed class FairInterviewTableTests(JobFairApp app) : IClassFixture<JobFairApp>
{
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
}
