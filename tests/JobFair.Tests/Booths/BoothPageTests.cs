using System.Net;
using JobFair.Tests.Support;

namespace JobFair.Tests.Booths;

/// <summary>Queueing at a booth from the fair page, as served (no browser).</summary>
public sealed class BoothPageTests(BoothApp app) : IClassFixture<BoothApp>
{
    [Fact]
    public async Task A_student_queues_from_the_fair_page_sees_place_one_and_a_second_press_is_refused_in_Chinese()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var student = (await app.StudentsAsync(scene, 1)).Single();
        using var pages = Pages.For(app);
        await pages.SignInAsync(student.Email!);

        var page = await pages.GetAsync($"/fairs/{scene.FairId}");
        var button = page.Form("join").QuerySelector($"button[name='Join.EmployerId'][value='{scene.EmployerId}']");
        Assert.Equal("排队", button!.TextContent.Trim());
        var fields = new Dictionary<string, string> { ["Join.EmployerId"] = scene.EmployerId.ToString() };

        var joined = await pages.SubmitAsync(page, "join", fields);
        Assert.Equal(HttpStatusCode.OK, joined.Status);
        Assert.Empty(joined.Errors);
        Assert.Equal("您在队伍中排第 1 位。", joined.Document.QuerySelector("[data-testid=queue-place]")!.TextContent.Trim());
        var line = await scene.Recruiter.GetJsonAsync(scene.Line());
        Assert.Single(line.Items());

        var again = await pages.SubmitAsync(page, "join", fields);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(["您已在这个展位排队。"], again.Errors);
        Assert.Null(again.Document.QuerySelector("[data-testid=queue-place]"));
        Assert.Single((await scene.Recruiter.GetJsonAsync(scene.Line())).Items());

        var left = await pages.SubmitAsync(joined, "leave");
        Assert.Equal(HttpStatusCode.OK, left.Status);
        Assert.Empty(left.Errors);
        Assert.Equal("您已离开队伍。", left.Document.QuerySelector("[data-testid=queue-left]")!.TextContent.Trim());
        Assert.Empty((await scene.Recruiter.GetJsonAsync(scene.Line())).Items());
        student.Dispose();
    }
}
