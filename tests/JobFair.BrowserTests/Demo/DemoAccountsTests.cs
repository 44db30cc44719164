using System.Globalization;
using JobFair.BrowserTests.Support;
using JobFair.Server.Features.Demo;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.BrowserTests.Demo;

/// <summary>The server as deploy/run.sh starts it (JOBFAIR_DEMO=1): the demo world is loaded before it serves.</summary>
public sealed class DemoWebApp : WebApp
{
    public const string Password = "demo-password-4-browser-tests";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("JOBFAIR_DEMO", "1"), new("JOBFAIR_DEMO_PASSWORD", Password)];

    /// <summary>Every demo fair's figures counted once by the stats refresher, as within a minute or so of a start.</summary>
    public Task FiguresCountedAsync() =>
        Eventually.True(() => WithDb(db => db.FairStats.AllAsync(f => f.Version > 0)), "the demo fairs' figures to be counted", seconds: 180);
}

/// <summary>
/// Each demo account that deploy/run.sh and the README name signs in and lands on pages full of the
/// demo's fairs, positions, applications, bookings, roster and figures, never on an empty state;
/// every page healthy at both sizes (axe, no sideways scrolling, no console error).
/// </summary>
[Collection(OneBrowser.Name)]
public sealed class DemoAccountsTests(Browsers browsers, DemoWebApp app) : IClassFixture<DemoWebApp>
{
    [Fact]
    public async Task The_demo_student_lands_on_interviews_to_book_with_times_to_choose_and_full_lists()
    {
        await app.FiguresCountedAsync();
        await using var visitor = await SignedInAsync(DemoWorld.Accounts.Student, Screen.Phone, "/me");
        var page = visitor.Page;
        // What awaits: the next interview, invitations to book, offers to answer, positions pushed.
        await Assertions.Expect(page.Locator("main .awaits .card--action")).ToHaveCountAsync(4);
        var toBook = await NumberInAsync(page.Locator("main .awaits a[href='/me/interviews']"));
        Assert.True(toBook > 0, "no invitation to book");
        await visitor.AssertPageHealthyAsync();

        // Every invitation listed to book has times to choose from (one already held is not asked again).
        await visitor.GoToAsync("/me/interviews");
        var invitations = page.Locator("section[aria-labelledby=invitations-title] li.card");
        await Assertions.Expect(invitations).ToHaveCountAsync(toBook);
        for (var i = 0; i < toBook; i++)
            Assert.True(await invitations.Nth(i).Locator("[data-slot-id]").CountAsync() > 0,
                $"the invitation for {await invitations.Nth(i).Locator("h3").TextContentAsync()} offers no time to book");
        await AtLeastAsync(page.Locator("main li.booking"), 1, "booked interviews");
        // Interviews already held or missed stay on record, below the ones to come.
        await AtLeastAsync(page.Locator("section[aria-labelledby=past-title] li.booking--past"), 1, "past interviews");
        await visitor.AssertPageHealthyAsync();
        await page.Locator("#past-title").ScrollIntoViewIfNeededAsync();
        await visitor.ScreenshotAsync("my-interviews-past-phone", fullPage: false);
        await using (var wide = await SignedInAsync(DemoWorld.Accounts.Student, Screen.Desktop, "/me"))
        {
            await wide.GoToAsync("/me/interviews");
            await AtLeastAsync(wide.Page.Locator("section[aria-labelledby=past-title] li.booking--past"), 1, "past interviews");
            await wide.AssertPageHealthyAsync();
            await wide.Page.Locator("#past-title").ScrollIntoViewIfNeededAsync();
            await wide.ScreenshotAsync("my-interviews-past-desktop", fullPage: false);
        }

        await visitor.GoToAsync("/me/applications");
        await AtLeastAsync(page.Locator("main [data-application-id]"), 10, "applications");
        await visitor.AssertPageHealthyAsync();
        await visitor.GoToAsync("/me/recommendations");
        await AtLeastAsync(page.Locator("main .recommendations .card"), 5, "positions pushed");
        await visitor.AssertPageHealthyAsync();
        await visitor.GoToAsync("/");
        await AtLeastAsync(page.Locator("main .cards > li"), 3, "fairs");
        await visitor.GoToAsync($"/fairs/{DemoWorld.BigFairId}");
        Assert.Equal(1_715, await NumberInAsync(page.GetByTestId("stat-applications")));
        await visitor.AssertPageHealthyAsync();
    }

    [Fact]
    public async Task The_demo_recruiter_lands_on_new_applications_and_finds_positions_a_full_board_bookings_and_a_booth()
    {
        await using var visitor = await SignedInAsync(DemoWorld.Accounts.Recruiter, Screen.Phone, "/employer");
        var page = visitor.Page;
        Assert.True(await NumberInAsync(page.Locator("[data-row-id=new-applications] .figure__value")) > 0, "no new applications");
        Assert.True(await NumberInAsync(page.Locator("[data-row-id=upcoming-interviews] .figure__value")) > 0, "no interviews ahead");
        Assert.True(await NumberInAsync(page.Locator("[data-row-id=positions] .figure__value")) > 10, "few positions");
        await visitor.AssertPageHealthyAsync();

        await visitor.GoToAsync("/employer/fairs");
        await Assertions.Expect(page.Locator($"[data-row-id='{DemoWorld.BigFairId}'] [data-testid=standing]")).ToHaveTextAsync("已通过");
        await visitor.AssertPageHealthyAsync();
        await visitor.GoToAsync("/employer/positions");
        await AtLeastAsync(page.Locator("main [data-position-id]"), 10, "positions");
        await visitor.AssertPageHealthyAsync();
        await page.Locator("main [data-position-id]").First.GetByRole(AriaRole.Link, new() { Name = "简历看板" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("：简历看板");
        await visitor.SettleAsync();
        await AtLeastAsync(page.Locator("[data-column] [data-application-id]"), 10, "applications on the board");
        await visitor.AssertPageHealthyAsync();
        await visitor.GoToAsync("/employer/applications");
        await AtLeastAsync(page.Locator("main tr[data-application-id]"), 10, "applications");
        await visitor.AssertPageHealthyAsync();
        await visitor.GoToAsync("/employer/interviews");
        await AtLeastAsync(page.Locator("main [data-booking-id]"), 1, "interview bookings");
        await visitor.AssertPageHealthyAsync();
        await visitor.GoToAsync("/employer/booths");
        await AtLeastAsync(page.GetByTestId("booth-fair"), 1, "booths");
        await visitor.AssertPageHealthyAsync();
    }

    [Theory]
    [InlineData(DemoWorld.Accounts.Centre, "武汉华夏理工学院")]
    [InlineData(DemoWorld.Accounts.PartnerCentre, "江南大学")]
    public async Task Each_demo_centre_lands_on_requests_waiting_and_finds_its_fair_roster_activities_and_figures(string email, string university)
    {
        await app.FiguresCountedAsync();
        await using var visitor = await SignedInAsync(email, Screen.Desktop, "/centre");
        var page = visitor.Page;
        await Assertions.Expect(page.Locator("main > p").First).ToHaveTextAsync(university);
        Assert.True(await NumberInAsync(page.GetByTestId("pending-count")) > 0, "no participation request waiting");
        await AtLeastAsync(page.Locator("main [data-fair-id]"), 2, "fairs");
        await visitor.AssertPageHealthyAsync();

        await visitor.GoToAsync($"/centre/fairs/{DemoWorld.BigFairId}");
        Assert.Equal(DemoWorld.BigFairEmployers, await NumberInAsync(page.GetByTestId("stat-employers")));
        var interviews = page.Locator("[data-table=interviews] tbody td");
        Assert.True(await NumberInAsync(interviews.Nth(0)) > 0 && await NumberInAsync(interviews.Nth(1)) > 0 && await NumberInAsync(interviews.Nth(2)) > 0,
            "interviews booked, held and missed are not all there");
        await Assertions.Expect(page.Locator("[data-table=universities] tbody tr")).ToHaveCountAsync(2);
        await AtLeastAsync(page.Locator("[data-table=days] tbody tr"), 1, "days");
        await AtLeastAsync(page.Locator("[data-table=majors] tbody tr"), 5, "majors");
        await visitor.AssertPageHealthyAsync();

        await visitor.GoToAsync("/centre/roster");
        await AtLeastAsync(page.Locator("main table tbody tr"), 10, "roster rows");
        await visitor.AssertPageHealthyAsync();
        await visitor.GoToAsync("/centre/activities");
        await AtLeastAsync(page.Locator("main table tbody tr"), 5, "activities");
        await visitor.AssertPageHealthyAsync();
        await visitor.GoToAsync("/centre/pair");
        await AtLeastAsync(page.Locator("[data-table=fairs] tbody tr"), 2, "the pair's fairs");
        await visitor.AssertPageHealthyAsync();
        await visitor.GoToAsync("/centre/guidance");
        Assert.True(await NumberInAsync(page.GetByTestId("figure-pushed")) > 0, "no positions pushed");
        Assert.True(await NumberInAsync(page.GetByTestId("figure-looking")) > 0, "no graduate looking");
        await visitor.AssertPageHealthyAsync();
    }

    [Fact]
    public async Task The_demo_counsellor_lands_on_a_ledger_and_finds_plans_with_actions_and_the_partners_graduates()
    {
        await using var visitor = await SignedInAsync(DemoWorld.Accounts.Counsellor, Screen.Phone, "/counsellor");
        var page = visitor.Page;
        Assert.True(await NumberInAsync(page.GetByTestId("ledger-students")) >= 50, "a small ledger");
        await AtLeastAsync(page.Locator("[data-testid=ledger] tbody tr"), 10, "graduates on the ledger");
        await visitor.AssertPageHealthyAsync();

        await visitor.GoToAsync("/counsellor?overdue=true");
        var graduate = page.Locator("[data-testid=ledger] tbody tr a").First;
        var name = (await graduate.TextContentAsync())!.Trim();
        await graduate.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"{name} 的帮扶计划");
        await visitor.SettleAsync();
        await AtLeastAsync(page.Locator("[data-testid=open-actions] li"), 1, "open actions");
        await visitor.AssertPageHealthyAsync();

        await visitor.GoToAsync("/counsellor");
        await page.GetByTestId("partner").Locator("a[href^='/counsellor/pairs/']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("负责的毕业生");
        await visitor.SettleAsync();
        await AtLeastAsync(page.Locator("[data-testid=ledger] tbody tr"), 1, "the partner's graduates");
        await visitor.AssertPageHealthyAsync();
    }

    [Fact]
    public async Task The_admin_lands_on_the_national_figures_of_the_demo_and_finds_the_employers()
    {
        await app.FiguresCountedAsync();
        await using var visitor = await SignedInAsync(JobFairApp.AdminEmail, Screen.Desktop, "/admin", JobFairApp.AdminPassword);
        var page = visitor.Page;
        foreach (var figure in new[] { "fairs", "meetings", "employers", "positions", "applications", "interviews", "signed" })
            Assert.True(await NumberInAsync(page.GetByTestId($"national-{figure}")) > 0, $"the national {figure} are 0");
        await Assertions.Expect(page.Locator("[data-table=pairs] tbody tr")).ToHaveCountAsync(20);
        await Assertions.Expect(page.Locator("[data-testid=admin-employers] tbody tr")).ToHaveCountAsync(20);
        await visitor.AssertPageHealthyAsync();

        var employer = page.Locator("[data-testid=admin-employers] tbody tr a").First;
        var employerName = (await employer.TextContentAsync())!.Trim();
        await employer.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(employerName);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("@"); // its recruiters' accounts
        await visitor.SettleAsync();
        await visitor.AssertPageHealthyAsync();
    }

    private async Task<Visitor> SignedInAsync(string email, Screen screen, string startPage, string password = DemoWebApp.Password)
    {
        var visitor = await Visitor.OpenAsync(browsers.Browser, app, screen);
        await visitor.SignInAsync(new Account(email, password));
        Assert.Equal(startPage, visitor.Path);
        return visitor;
    }

    /// <summary>Waits for them as a reader does: a page reached by a link is patched in by enhanced navigation.</summary>
    private static async Task AtLeastAsync(ILocator items, int least, string what)
    {
        try
        {
            await Assertions.Expect(items.Nth(least - 1)).ToBeAttachedAsync();
        }
        catch (PlaywrightException)
        {
            Assert.Fail($"{await items.CountAsync()} {what} shown, at least {least} expected");
        }
    }

    /// <summary>The first number in an element's text, as a reader reads it ("1,715", "共 62 份").</summary>
    private static async Task<int> NumberInAsync(ILocator element)
    {
        var text = await element.First.TextContentAsync() ?? "";
        var digits = new string(text.SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(c => char.IsAsciiDigit(c) || c == ',').Where(char.IsAsciiDigit).ToArray());
        Assert.True(digits.Length > 0, $"no number in \"{text}\"");
        return int.Parse(digits, CultureInfo.InvariantCulture);
    }
}
