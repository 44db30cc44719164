using System.Net;
using JobFair.Tests.Support;

namespace JobFair.Tests.Web;

/// <summary>
/// Statically rendered pages render once while they load, at whichever await of their loading first waits
/// (<see cref="EarlyRenderApp"/>). Each page here is requested once per database command of its loading, that
/// command being the one that waits: every one of those renders must show the page, never the error page.
/// </summary>
public sealed class EarlyRenderTests(EarlyRenderApp app) : IClassFixture<EarlyRenderApp>
{
    /// <summary>Asserts that the page, rendered early at each of its commands, answers 200 with this element.</summary>
    private async Task AssertEveryRenderShowsAsync(Pages pages, string url, string selector)
    {
        var rendered = await app.RenderAtEveryCommandAsync(pages, url);
        Assert.True(rendered.Count > 2, $"{url} ran {app.LastCommands} commands");
        foreach (var (command, page) in rendered)
        {
            Assert.True(page.Status == HttpStatusCode.OK, $"{url} rendered at command {command} answered {(int)page.Status}");
            Assert.True(page.Document.QuerySelector(selector) is not null, $"{url} rendered at command {command} has no {selector}");
        }
    }

    [Fact]
    public async Task A_published_fairs_dashboard_shows_its_settings_form_whichever_query_its_first_render_waits_for()
    {
        var scene = await app.FairSceneAsync();
        using var pages = Pages.For(app);
        await pages.SignInAsync(scene.Host.Email!);
        await AssertEveryRenderShowsAsync(pages, $"/centre/fairs/{scene.FairId}?find=x", "form input[name=_handler][value=edit-fair]");
    }

    [Fact]
    public async Task The_national_page_shows_its_employers_whichever_query_its_first_render_waits_for()
    {
        using var pages = Pages.For(app);
        await pages.SignInAsync(JobFairApp.AdminEmail, JobFairApp.AdminPassword);
        await AssertEveryRenderShowsAsync(pages, "/admin", "#employers-title");
    }

    [Fact]
    public async Task A_students_interviews_show_the_slots_of_each_invitation_whichever_query_their_first_render_waits_for()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 2));
        var invitee = await app.InviteeAsync(scene);
        using var pages = Pages.For(app);
        await pages.SignInAsync(invitee.Student.Email!);
        await AssertEveryRenderShowsAsync(pages, "/me/interviews", $"#application-{invitee.ApplicationId}");
    }
}
