using JobFair.Server.Web;
using JobFair.Tests.Support;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

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
        Assert.IsType<RenewingPageStore>(app.Services.GetRequiredService<IOutputCacheStore>());
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

/// <summary>
/// The store of those copies: a fresh copy to everyone; an expired one renewed by one reader while the
/// others still get it; a renewal that never stores its copy taken over; nothing twice as old.
/// </summary>
public sealed class RenewingPageStoreTests : IDisposable
{
    private static readonly byte[] Old = [1], New = [2];
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly RenewingPageStore _store;

    public RenewingPageStoreTests() => _store = new RenewingPageStore(Options.Create(new OutputCacheOptions()), _clock);

    public void Dispose() => _store.Dispose();

    private async Task<byte[]?> ReadAsync() => await _store.GetAsync("/fairs/1", CancellationToken.None);

    [Fact]
    public async Task An_expired_copy_is_renewed_by_one_reader_while_the_others_still_get_it()
    {
        await _store.SetAsync("/fairs/1", Old, null, TimeSpan.FromSeconds(5), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(Old, await ReadAsync());
        Assert.Equal(Old, await ReadAsync());

        _clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Null(await ReadAsync()); // this reader renders the page again
        Assert.Equal(Old, await ReadAsync()); // the ones after them do not wait for it
        Assert.Equal(Old, await ReadAsync());

        await _store.SetAsync("/fairs/1", New, null, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(New, await ReadAsync());
        Assert.Null(await _store.GetAsync("/fairs/2", CancellationToken.None));
    }

    [Fact]
    public async Task A_renewal_that_stores_nothing_is_taken_over_and_no_copy_twice_as_old_as_its_freshness_is_given_out()
    {
        await _store.SetAsync("/fairs/1", Old, null, TimeSpan.FromSeconds(30), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Null(await ReadAsync()); // renews, then stores nothing (its answer was an error, say)
        _clock.Advance(RenewingPageStore.RenewalTimeout(TimeSpan.FromSeconds(30)) - TimeSpan.FromSeconds(1));
        Assert.Equal(Old, await ReadAsync());
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await ReadAsync()); // taken over by the next reader
        Assert.Equal(Old, await ReadAsync());

        _clock.Advance(TimeSpan.FromSeconds(19)); // 61 s: twice as old as it was fresh
        Assert.Null(await ReadAsync());
        Assert.Null(await ReadAsync());
    }

    [Fact]
    public async Task With_the_shipped_five_seconds_a_renewal_that_stores_nothing_is_taken_over_while_the_expired_copy_is_still_given_out()
    {
        await _store.SetAsync("/fairs/1", Old, null, TimeSpan.FromSeconds(5), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(5.1));
        Assert.Null(await ReadAsync()); // renews, stores nothing
        _clock.Advance(TimeSpan.FromSeconds(2.4));
        Assert.Equal(Old, await ReadAsync());
        _clock.Advance(TimeSpan.FromSeconds(0.2)); // 2.6 s after: more than half the copy's freshness
        Assert.Null(await ReadAsync());
        Assert.Equal(Old, await ReadAsync());
    }

    [Fact]
    public async Task Of_many_readers_at_once_after_the_expiry_exactly_one_renders_the_page_again()
    {
        await _store.SetAsync("/fairs/1", Old, null, TimeSpan.FromSeconds(5), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(6));
        using var start = new ManualResetEventSlim();
        var readers = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await ReadAsync();
        })).ToList();
        start.Set();
        var copies = await Task.WhenAll(readers);
        Assert.Single(copies, c => c is null);
        Assert.Equal(63, copies.Count(c => c is not null && c.SequenceEqual(Old)));
    }
}
