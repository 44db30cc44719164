using System.Net;
using System.Net.Http.Json;
using JobFair.BrowserTests.Support;
using JobFair.Tests.Support;

namespace JobFair.BrowserTests.Booths;

/// <summary>A student queues at a booth from the fair page, and the recruiter's call reaches that page live.</summary>
[Collection(OneBrowser.Name)]
public sealed class BoothQueueTests(Browsers browsers, WebApp app) : IClassFixture<WebApp>
{
    [Fact]
    public async Task A_student_queues_sees_place_one_and_the_recruiters_call_shows_the_room_link_without_a_reload()
    {
        var scene = await app.FairSceneAsync();
        var line = $"/api/fairs/{scene.FairId}/booths/{scene.EmployerId}/queue";
        await Api.Expect(await scene.Recruiter.Http.PutAsJsonAsync(new Uri($"/api/fairs/{scene.FairId}/booths/{scene.EmployerId}", UriKind.Relative),
            new { open = true, cap = 50, minutesPerTalk = 10 }), HttpStatusCode.OK);
        var no = StudentWorld.NewStudentNo();
        var codes = await scene.Host.ImportRosterCodesAsync(scene.SupportedId, $"{StudentWorld.RosterHeader}\n{no},排队学生,软件工程,bachelor,2020\n");
        using var student = await app.RegisterAsync();
        await Api.Expect(await student.ClaimAsync(scene.SupportedId, no, "排队学生", codes[no], phone: null), HttpStatusCode.OK);

        await using var visitor = await Visitor.OpenAsync(browsers.Browser, app, Screen.Phone);
        await visitor.SignInAsync(new Account(student.Email!));
        await visitor.GoToAsync($"/fairs/{scene.FairId}");
        await visitor.Page.Locator($"button[name='Join.EmployerId'][value='{scene.EmployerId}']").ClickAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("queue-place")).ToHaveTextAsync("您在队伍中排第 1 位。");
        await visitor.SettleAsync();
        var marker = await visitor.Page.EvaluateAsync<double>("() => performance.timeOrigin"); // the same document from here on

        var called = await Api.Expect(await scene.Recruiter.PostAsync(line + "/next", null), HttpStatusCode.OK);
        var entryId = (string)called["entryId"]!;

        var call = visitor.Page.GetByTestId("queue-call");
        await Assertions.Expect(call).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(call.Locator("a")).ToHaveAttributeAsync("href", $"/rooms/{entryId}");
        await Assertions.Expect(call.Locator("a")).ToHaveTextAsync("进入面谈房间");
        Assert.Equal(marker, await visitor.Page.EvaluateAsync<double>("() => performance.timeOrigin"));
        await visitor.ScreenshotAsync("booth-called-phone");
        await visitor.AssertPageHealthyAsync();
    }
}
