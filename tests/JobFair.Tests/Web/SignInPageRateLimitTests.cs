using System.Net;
using JobFair.Tests.Foundation;
using JobFair.Tests.Support;

namespace JobFair.Tests.Web;

/// <summary>
/// The sign-in page spends the same per-address budget as POST /api/auth/login (registration, page and API,
/// has a budget of its own: AbuseLimitTests).
/// </summary>
public sealed class SignInPageRateLimitTests(TightSignInLimits app) : IClassFixture<TightSignInLimits>
{
    [Fact]
    public async Task Pages_and_API_share_one_sign_in_budget_and_a_refused_page_says_so_with_Retry_After()
    {
        using var api = app.Anonymous();
        using var pages = Pages.For(app);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await api.PostAsync("/api/auth/login", new { email = Callers.NewEmail(), password = "whatever-1" })).StatusCode);
        var form = await pages.GetAsync("/login"); // 4 of the 5 allowed
        statuses.Add(form.Status);
        var refused = await pages.SubmitAsync(form, "login", new Dictionary<string, string>
        {
            ["Input.Email"] = Callers.NewEmail(), ["Input.Password"] = "whatever-1",
        });
        statuses.Add(refused.Status); // the 5th
        var overBudget = await pages.Http.GetAsync(new Uri("/login", UriKind.Relative));
        var page = await Pages.Page.ReadAsync("/login", overBudget);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.Status);
        Assert.Equal("text/html", page.ContentType);
        Assert.Equal("操作太频繁", page.Heading);
        Assert.True(overBudget.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        await Api.ExpectProblem(await api.PostAsync("/api/auth/login", new { email = Callers.NewEmail(), password = "x" }),
            HttpStatusCode.TooManyRequests, "too_many_requests");
    }
}
