using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using JobFair.Tests.Support;

namespace JobFair.Tests.Web;

/// <summary>/login, /register, /logout and /welcome as served, without a browser.</summary>
public sealed class SignInPageTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Theory]
    [InlineData("/login", "login")]
    [InlineData("/register", "register")]
    public async Task The_forms_label_every_input_and_carry_an_antiforgery_token(string url, string formName)
    {
        using var pages = Pages.For(app);
        var page = await pages.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var form = page.Form(formName);
        Assert.Equal("post", form.Method);
        Assert.False(string.IsNullOrEmpty(form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value));
        var inputs = form.QuerySelectorAll<IHtmlInputElement>("input").Where(i => i.Type != "hidden").ToList();
        Assert.Equal(["email", "password"], inputs.Select(i => i.Type));
        foreach (var input in inputs)
        {
            var label = page.Document.QuerySelector($"label[for={input.Id}]");
            Assert.False(string.IsNullOrWhiteSpace(label?.TextContent), $"{input.Id} has no label");
            // Labels come before their inputs (above them, GOV.UK), never as placeholders.
            Assert.True(label!.CompareDocumentPosition(input).HasFlag(DocumentPositions.Following));
            Assert.False(input.HasAttribute("placeholder"));
        }
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused_and_signs_nobody_in()
    {
        var account = await app.RegisterAsync();
        using var pages = Pages.For(app);
        var response = await pages.Http.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Email"] = account.Email!, ["Input.Password"] = Callers.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await pages.GetAsync("/welcome")).Status);
    }

    [Theory]
    [InlineData("short1", false)]
    [InlineData("alllettersnodigit", false)]
    [InlineData("ALLUPPER1234", false)]
    [InlineData("lower-and-digit-1", true)]
    public async Task Registration_by_page_follows_the_same_password_rules_as_the_API(string password, bool accepted)
    {
        using var api = app.Anonymous();
        var byApi = await api.PostAsync("/api/auth/register", new { email = Callers.NewEmail(), password });
        Assert.Equal(accepted, byApi.IsSuccessStatusCode);

        using var pages = Pages.For(app);
        var email = Callers.NewEmail("page");
        var answer = await pages.RegisterAsync(email, password);

        Assert.Equal(accepted, answer.Status == HttpStatusCode.Found);
        if (accepted)
        {
            Assert.Equal("/welcome", answer.Location);
            // One and the same account: the API signs it in.
            await new Api(app.CreateClient()) { Email = email }.SignInAsync(password);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.NotEmpty(answer.Errors);
            Assert.All(answer.Errors, e => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", e));
            Assert.Equal("错误：注册账号 - 云双选会", answer.Document.Title);
            Assert.Equal("true", answer.Document.QuerySelector("#password")!.GetAttribute("aria-invalid"));
            Assert.Empty(answer.Document.QuerySelector<IHtmlInputElement>("#password")!.Value); // never echoed back
        }
    }

    [Fact]
    public async Task Registration_says_every_problem_at_once_each_linking_to_its_field()
    {
        using var pages = Pages.For(app);
        var answer = await pages.RegisterAsync("not-an-address", "short");

        var links = answer.Document.QuerySelectorAll(".error-summary a").Select(a => a.GetAttribute("href")).ToList();
        // The page's own address before the fragment (the document's base is "/").
        Assert.Contains("/register#email", links);
        Assert.Contains("/register#password", links);
        Assert.Contains("请输入正确的电子邮箱，例如 name@example.com", answer.Errors);
        Assert.Contains("密码至少需要 8 位", answer.Errors);
        Assert.Equal("not-an-address", answer.Document.QuerySelector<IHtmlInputElement>("#email")!.Value);
    }

    [Fact]
    public async Task An_address_registered_through_the_API_is_refused_by_the_page_in_Chinese()
    {
        var taken = await app.RegisterAsync();
        using var pages = Pages.For(app);
        var answer = await pages.RegisterAsync(taken.Email!, "another-pass-9");
        Assert.Equal(["这个邮箱已经注册过，请直接登录。"], answer.Errors);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_in_the_readers_language()
    {
        var account = await app.RegisterAsync();
        using var pages = Pages.For(app);
        var chinese = await pages.SignInAsync(account.Email!, "wrong-password-1", expectSuccess: false);
        Assert.Equal(["邮箱或密码不正确。"], chinese.Errors);

        await pages.GetAsync("/language/en?returnUrl=/login");
        var english = await pages.SignInAsync(account.Email!, "wrong-password-1", expectSuccess: false);
        Assert.Equal(["The email address or password is wrong."], english.Errors);
    }

    [Fact]
    public async Task A_locked_out_account_is_told_so_even_with_the_right_password()
    {
        var account = await app.RegisterAsync();
        using var pages = Pages.For(app);
        for (var i = 0; i < 5; i++) await pages.SignInAsync(account.Email!, "wrong-password-1", expectSuccess: false);

        var locked = await pages.SignInAsync(account.Email!, Callers.Password, expectSuccess: false);

        Assert.Single(locked.Errors);
        Assert.Matches(@"^密码错误次数过多，这个账号已暂时锁定。请 [1-5] 分钟后再试。$", locked.Errors[0]);
        Assert.Equal(HttpStatusCode.Found, (await pages.GetAsync("/welcome")).Status); // still signed out
    }

    [Theory]
    [InlineData("/fairs/42?tab=positions", "/fairs/42?tab=positions")]
    [InlineData("//evil.example/phish", "/welcome")]
    [InlineData("/\\evil.example/phish", "/welcome")]
    [InlineData("https://evil.example/phish", "/welcome")]
    [InlineData("/logout", "/welcome")]
    public async Task After_signing_in_only_a_local_return_address_is_followed(string returnUrl, string landing)
    {
        var account = await app.RegisterAsync();
        using var pages = Pages.For(app);
        var answer = await pages.SignInAsync(account.Email!, Callers.Password, returnUrl: returnUrl);
        Assert.Equal(landing, answer.Location);
    }

    [Fact]
    public async Task Each_role_lands_on_its_start_page()
    {
        var (_, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        var (recruiter, _) = await app.RecruiterAsync();
        var (student, _) = await app.StudentAsync(supported, centre);
        using var newcomer = await app.RegisterAsync();
        var expected = new (string Email, string Password, string StartPage)[]
        {
            (JobFairApp.AdminEmail, JobFairApp.AdminPassword, "/admin"),
            (centre.Email!, Callers.Password, "/centre"),
            (recruiter.Email!, Callers.Password, "/employer"),
            (student.Email!, Callers.Password, "/me"),
            (newcomer.Email!, Callers.Password, "/welcome"),
        };
        foreach (var (email, password, startPage) in expected)
        {
            using var pages = Pages.For(app);
            var answer = await pages.SignInAsync(email, password);
            Assert.Equal(startPage, answer.Location);
        }
        recruiter.Dispose();
        student.Dispose();
    }

    [Fact]
    public async Task Welcome_offers_both_ways_in_and_sends_an_account_that_got_a_role_to_its_start_page()
    {
        using var api = await app.RegisterAsync();
        using var pages = Pages.For(app);
        await pages.SignInAsync(api.Email!);

        var welcome = await pages.GetAsync("/welcome");
        Assert.Equal(HttpStatusCode.OK, welcome.Status);
        Assert.NotNull(welcome.Document.QuerySelector("a[href='/me']"));
        Assert.NotNull(welcome.Document.QuerySelector("a[href='/employer']"));

        // Registers an employer through the API meanwhile: the page catches up with the role.
        await Api.Expect(await api.PostAsync("/api/employers", new
        {
            name = "欢迎页测试有限公司", creditCode = FairWorld.NewCreditCode(), industry = "软件", city = "武汉", size = "100-499人",
        }), HttpStatusCode.Created);
        var moved = await pages.GetAsync("/welcome");
        Assert.Equal(HttpStatusCode.Found, moved.Status);
        Assert.Equal("/employer", moved.Location);
    }

    [Fact]
    public async Task Signing_out_takes_a_post_with_the_token_and_a_get_only_asks()
    {
        using var api = await app.RegisterAsync();
        using var pages = Pages.For(app);
        await pages.SignInAsync(api.Email!);

        var ask = await pages.GetAsync("/logout");
        Assert.Equal(HttpStatusCode.OK, ask.Status);
        Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync("/welcome")).Status); // asking signed nobody out

        var done = await pages.SubmitAsync(ask, "logout");
        Assert.Equal("/logout", done.Location);
        Assert.Equal("您已退出登录。", (await pages.FollowAsync(done)).Document.QuerySelector("main p")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Found, (await pages.GetAsync("/welcome")).Status);
    }
}
