using System.Net;
using JobFair.BrowserTests.Support;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Employers;

/// <summary>
/// The recruiter's interview pages follow bookings live (slotsChanged of the employer's positions):
/// a slot's seats on the position's slots page, and the bookings by day on the interviews page, as
/// students book and cancel. No reload.
/// </summary>
[Collection(OneBrowser.Name)]
public sealed class SeatsLiveTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Fact]
    public async Task Seats_and_bookings_follow_students_booking_and_cancelling_without_a_reload()
    {
        var scene = await app.FairSceneAsync("嵌入式工程师");
        var first = await app.InviteeAsync(scene, "周一");
        var second = await app.InviteeAsync(scene, "吴二");
        using var _1 = first.Student;
        using var _2 = second.Student;
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 2, capacity: 2));
        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        var page = visitor.Page;
        await visitor.SignInAsync(new Account(scene.Recruiter.Email!), $"/employer/positions/{scene.PositionId}/slots");

        var seat = page.Locator($"[data-slot-id='{slots[0]}']");
        await Assertions.Expect(seat).ToContainTextAsync("已约 0/2");
        var marker = await page.EvaluateAsync<double>("() => performance.timeOrigin");
        var booking = await first.BookedAsync(slots[0]);
        await Assertions.Expect(seat).ToContainTextAsync("已约 1/2");
        Assert.Equal(marker, await page.EvaluateAsync<double>("() => performance.timeOrigin"));
        await visitor.AssertPageHealthyAsync();

        await visitor.GoToAsync("/employer/interviews");
        await Assertions.Expect(page.Locator("[data-booking-id]")).ToHaveCountAsync(1);
        marker = await page.EvaluateAsync<double>("() => performance.timeOrigin");
        var other = await second.BookedAsync(slots[1]);
        var arrived = page.Locator($"[data-booking-id='{(string)other["id"]!}']");
        await Assertions.Expect(arrived).ToContainTextAsync("吴二");
        await Api.Expect(await first.Student.DeleteAsync($"/api/bookings/{(string)booking["id"]!}"), HttpStatusCode.NoContent);
        await Assertions.Expect(page.Locator($"[data-booking-id='{(string)booking["id"]!}']")).ToHaveAttributeAsync("data-status", "cancelled");
        Assert.Equal(marker, await page.EvaluateAsync<double>("() => performance.timeOrigin"));
        await visitor.SettleAsync();
        await visitor.ScreenshotAsync("employer-interviews-live-phone");
        await visitor.AssertPageHealthyAsync();
    }
}
