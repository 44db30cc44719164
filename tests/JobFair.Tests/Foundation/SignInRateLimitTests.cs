using System.Globalization;
using System.Net;
using JobFair.Tests.Support;

namespace JobFair.Tests.Foundation;

/// <summary>A server whose per-address sign-in budget is tiny, so the limit can be reached.</summary>
public sealed class TightSignInLimits : JobFairApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("RateLimits:SignInBurst", "5"),
        new("RateLimits:SignInPerMinute", "1"), // one more a minute: the test cannot outrun the limit however slow the machine
    ];
}

public sealed class SignInRateLimitTests(TightSignInLimits app) : IClassFixture<TightSignInLimits>
{
    [Fact]
    public async Task Too_many_sign_ins_from_one_address_get_429_with_Retry_After()
    {
        using var api = app.Anonymous();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 12 && refused is null; i++)
        {
            var response = await api.PostAsync("/api/auth/login", new { email = Callers.NewEmail(), password = "whatever-1" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused = response;
        }

        Assert.NotNull(refused);
        Assert.All(statuses.SkipLast(1), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        await Api.ExpectProblem(refused, HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.True(int.Parse(refused.Headers.RetryAfter!.ToString(), CultureInfo.InvariantCulture) >= 1);
    }
}
