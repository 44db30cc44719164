using System.Net;
using JobFair.Tests.Support;

namespace JobFair.Tests.Web;

public sealed class TightFormLimits : JobFairApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        // One more a minute: the tests cannot outrun the limits however slow the machine.
        new("RateLimits:RegisterBurst", "3"), new("RateLimits:RegisterPerMinute", "1"),
        new("RateLimits:ClaimsBurst", "3"), new("RateLimits:ClaimsPerMinute", "1"),
    ];
}

/// <summary>
/// The forms of /register and /me run the same use cases as POST /api/auth/register and PUT /api/students/me
/// without passing those routes, so their posts spend the same per-address budgets; reading the pages
/// costs nothing. Each test speaks from an address of its own.
/// </summary>
public sealed class PageFormRateLimitTests(TightFormLimits app) : IClassFixture<TightFormLimits>
{
    private static T From<T>(T client, string address, Func<T, HttpClient> http)
    {
        http(client).DefaultRequestHeaders.Add(JobFairApp.ClientAddressHeader, address);
        return client;
    }

    [Fact]
    public async Task Register_page_posts_spend_the_registration_budget_of_the_address_and_reading_the_page_does_not()
    {
        using var pages = From(Pages.For(app), "10.60.0.1", p => p.Http);
        using var api = From(app.Anonymous(), "10.60.0.1", a => a.Http);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync("/register")).Status); // more reads than the burst
        var form = await pages.GetAsync("/register");
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/api/auth/register", new { email = Callers.NewEmail(), password = "short" })).StatusCode);

        var fields = new Dictionary<string, string> { ["Input.Email"] = Callers.NewEmail(), ["Input.Password"] = Callers.Password };
        var registered = await pages.SubmitAsync(form, "register", fields); // the 2nd
        Assert.NotEqual(HttpStatusCode.TooManyRequests, registered.Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/api/auth/register", new { email = Callers.NewEmail(), password = "short" })).StatusCode);

        // The page signed the newcomer in; another browser at the same address registers the next one.
        using var nextBrowser = From(Pages.For(app), "10.60.0.1", p => p.Http);
        fields["Input.Email"] = Callers.NewEmail();
        var refused = await nextBrowser.SubmitAsync(await nextBrowser.GetAsync("/register"), "register", fields); // the 4th
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("操作太频繁", refused.Heading);
        await Api.ExpectProblem(await api.PostAsync("/api/auth/register", new { email = Callers.NewEmail(), password = Callers.Password }),
            HttpStatusCode.TooManyRequests, "too_many_requests");
        // Nobody was registered by the refused post, and another address is not held back.
        using var elsewhere = From(app.Anonymous(), "10.60.0.2", a => a.Http);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await elsewhere.PostAsync("/api/auth/login", new { email = fields["Input.Email"], password = Callers.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nextBrowser.GetAsync("/register")).Status); // reading still costs nothing
    }

    [Fact]
    public async Task Claim_posts_on_me_spend_the_claims_budget_of_the_address_shared_with_the_API()
    {
        var (_, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        var no = StudentWorld.NewStudentNo();
        var codes = await centre.ImportRosterCodesAsync(supported, $"{StudentWorld.RosterHeader}\n{no},赵六,软件工程,bachelor,2020\n");
        using var guesser = await app.RegisterAsync();
        From(guesser, "10.61.0.1", a => a.Http);
        using var pages = From(Pages.For(app), "10.61.0.1", p => p.Http);
        await pages.SignInAsync(guesser.Email!);

        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync("/me")).Status);
        var form = await pages.GetAsync("/me");
        var fields = new Dictionary<string, string>
        {
            ["Input.UniversityId"] = supported.ToString(), ["Input.StudentNo"] = no, ["Input.Name"] = "赵六", ["Input.ActivationCode"] = "WRONG-CODE-1",
        };
        var statuses = new List<HttpStatusCode>
        {
            (await guesser.ClaimAsync(supported, no, "赵六", "WRONG-CODE-2")).StatusCode,
            (await pages.SubmitAsync(form, "claim", fields)).Status,
            (await guesser.ClaimAsync(supported, no, "赵六", "WRONG-CODE-3")).StatusCode,
        };
        fields["Input.ActivationCode"] = codes[no];
        var refused = await pages.SubmitAsync(form, "claim", fields); // the right code, but the 4th claim from this address

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Forbidden], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("操作太频繁", refused.Heading);
        Assert.Equal(HttpStatusCode.Forbidden, (await pages.GetAsync("/me/applications")).Status); // still no student
        // The graduate, from another address, still claims the row with the code.
        using var graduate = await app.RegisterAsync();
        From(graduate, "10.61.0.2", a => a.Http);
        await Api.Expect(await graduate.ClaimAsync(supported, no, "赵六", codes[no]), HttpStatusCode.OK);
    }
}
