using JobFair.Tests.Support;

namespace JobFair.Tests.Web;

/// <summary>A server that keeps anonymous readers' copies of the public pages for a minute: long enough for a test to meet one.</summary>
public sealed class CachedPagesApp : JobFairApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("PageCache:Seconds", "60")];
}

/// <summary>As shipped: copies at most 5 seconds old.</summary>
public sealed class ShippedPageCacheApp : JobFairApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("PageCache:Seconds", "5")];
}

/// <summary>The home page and a fair's page are served from a short-lived copy to readers who have not signed in, never to anyone else.</summary>
public sealed class PageCacheTests(CachedPagesApp app) : IClassFixture<CachedPagesApp>
{
    private const string NewTitle = "护理部主任";

    [Fact]
    public async Task An_anonymous_reader_gets_the_fair_page_as_it_was_moments_ago()
    {
        var scene = await app.FairSceneAsync("病房护士");
        using var reader = Pages.For(app);
        var url = $"/fairs/{scene.FairId}";
        Assert.Equal(["病房护士"], Titles(await reader.GetAsync(url)));

        await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], NewTitle));

        Assert.Equal(["病房护士"], Titles(await reader.GetAsync(url)));
        // Another query is another copy, rendered now.
        Assert.Equal([NewTitle], Titles(await reader.GetAsync(url + "?q=" + Uri.EscapeDataString("护理部"))));
    }

    [Fact]
    public async Task A_signed_in_reader_always_gets_the_fair_page_as_it_is()
    {
        var scene = await app.FairSceneAsync("药剂师");
        var url = $"/fairs/{scene.FairId}";
        using var anonymous = Pages.For(app);
        Assert.Equal(["药剂师"], Titles(await anonymous.GetAsync(url))); // a copy is kept from here

        await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], NewTitle));

        using var signedIn = Pages.For(app);
        await signedIn.SignInAsync(scene.Recruiter.Email!);
        Assert.Contains(NewTitle, Titles(await signedIn.GetAsync(url)));
        // A program signed in by its bearer token, asking for the page.
        var byToken = await Pages.Page.ReadAsync(url, await scene.Recruiter.Http.GetAsync(url));
        Assert.Contains(NewTitle, Titles(byToken));
        Assert.Equal(["药剂师"], Titles(await anonymous.GetAsync(url)));
    }

    private static List<string> Titles(Pages.Page page) =>
        page.Document.QuerySelectorAll(".position-row__title").Select(a => a.TextContent.Trim()).ToList();
}

public sealed class PageCacheExpiryTests(ShippedPageCacheApp app) : IClassFixture<ShippedPageCacheApp>
{
    [Fact]
    public async Task A_new_position_reaches_anonymous_readers_once_their_copy_has_expired()
    {
        var scene = await app.FairSceneAsync("康复治疗师");
        using var reader = Pages.For(app);
        var url = $"/fairs/{scene.FairId}";
        var before = await reader.GetAsync(url);
        Assert.DoesNotContain("言语治疗师", before.Document.QuerySelectorAll(".position-row__title").Select(a => a.TextContent.Trim()));

        await scene.Recruiter.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "言语治疗师"));

        await Eventually.True(async () => (await reader.GetAsync(url)).Document.QuerySelectorAll(".position-row__title")
            .Any(a => a.TextContent.Trim() == "言语治疗师"), "the anonymous reader's copy of the fair page to be renewed", seconds: 30);
    }
}
