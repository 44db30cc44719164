using System.Net;

namespace JobFair.Tests.Support;

/// <summary>Signing in and registering through the pages' forms, as a person does.</summary>
public static class PageSignIn
{
    /// <summary>Posts the sign-in form; the answer is the redirect to the landing page (or the refused form).</summary>
    public static async Task<Pages.Page> SignInAsync(this Pages pages, string email, string password = Callers.Password,
        string? returnUrl = null, bool expectSuccess = true)
    {
        var form = await pages.GetAsync(returnUrl is null ? "/login" : "/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var answer = await pages.SubmitAsync(form, "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Equal(expectSuccess ? HttpStatusCode.Found : HttpStatusCode.OK, answer.Status);
        return answer;
    }

    public static async Task<Pages.Page> RegisterAsync(this Pages pages, string email, string password)
    {
        var form = await pages.GetAsync("/register");
        return await pages.SubmitAsync(form, "register", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
    }
}
