using System.Net;
using System.Text;
using JobFair.Server.Features.Students;
using JobFair.Server.Infrastructure;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Security;

/// <summary>
/// A server with the per-address limits as they ship (RateLimitOptions' defaults), except sign-in,
/// which the set-up helpers spend freely. Each test speaks from addresses of its own
/// (<see cref="JobFairApp.ClientAddressHeader"/>), so the tests do not spend one another's budgets.
/// </summary>
public sealed class ShippedLimits : JobFairApp
{
    private static readonly RateLimitOptions Shipped = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("RateLimits:RegisterBurst", $"{Shipped.RegisterBurst}"), new("RateLimits:RegisterPerMinute", $"{Shipped.RegisterPerMinute}"),
        new("RateLimits:ClaimsBurst", $"{Shipped.ClaimsBurst}"), new("RateLimits:ClaimsPerMinute", $"{Shipped.ClaimsPerMinute}"),
        new("RateLimits:UploadsBurst", $"{Shipped.UploadsBurst}"), new("RateLimits:UploadsPerMinute", $"{Shipped.UploadsPerMinute}"),
    ];
}

/// <summary>Abuse limits (issue 11, item 4).</summary>
public sealed class AbuseLimitTests(ShippedLimits app) : IClassFixture<ShippedLimits>
{
    private static readonly RateLimitOptions Shipped = new();

    /// <summary>A campus at once: this many graduates behind one address in the first minute of a fair.</summary>
    private const int Campus = 250;

    private static Api From(Api api, string address)
    {
        api.Http.DefaultRequestHeaders.Add(JobFairApp.ClientAddressHeader, address);
        return api;
    }

    /// <summary>
    /// Sends <see cref="Campus"/> requests from one address, none of which may be refused; then a
    /// script goes on at full speed from there, and gets no more through than what the campus left
    /// of the burst and the refill since the campus began. Returns one of the script's refusals.
    /// </summary>
    private static async Task<HttpResponseMessage> CampusThenScriptAsync(string what, int burst, int perMinute,
        Func<Task<HttpResponseMessage>> send)
    {
        var running = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < Campus; i++)
        {
            var response = await send();
            Assert.True(response.StatusCode != HttpStatusCode.TooManyRequests, $"{what}: request {i + 1} of a campus was refused");
        }
        var refused = new List<HttpResponseMessage>();
        const int script = 150;
        for (var i = 0; i < script; i++)
            if (await send() is { StatusCode: HttpStatusCode.TooManyRequests } response) refused.Add(response);
        // The bucket refills while the campus and the script run: all in all, the burst and the refill since the first request.
        var allowed = burst - Campus + perMinute / 60.0 * (running.Elapsed.TotalSeconds + 1);
        Assert.True(script - refused.Count <= allowed,
            $"{what}: a script got {script - refused.Count} requests through ({running.Elapsed.TotalSeconds:F1} s since the campus began) (at most {allowed:F0} allowed)");
        Assert.NotEmpty(refused);
        return refused[0];
    }

    private static async Task ExpectTooManyAsync(HttpResponseMessage refused)
    {
        await Api.ExpectProblem(refused, HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Registration_lets_a_campus_through_one_address_and_stops_a_script_there_only()
    {
        using var campus = From(app.Anonymous(), "10.20.0.1");
        // Refused registrations count as well (the contract: every request to a limited route).
        var refused = await CampusThenScriptAsync("registration", Shipped.RegisterBurst, Shipped.RegisterPerMinute,
            () => campus.PostAsync("/api/auth/register", new { email = Callers.NewEmail(), password = "short" }));

        await ExpectTooManyAsync(refused);
        using var elsewhere = From(app.Anonymous(), "10.20.0.2");
        await Api.Expect(await elsewhere.PostAsync("/api/auth/register", new { email = Callers.NewEmail(), password = Callers.Password }),
            HttpStatusCode.OK);
    }

    [Fact]
    public async Task Claims_let_a_campus_through_one_address_and_stop_a_code_guessing_script()
    {
        var university = await app.UniversityIdAsync("武汉东湖学院");
        using var centre = await app.CentreAsync(university);
        var no = StudentWorld.NewStudentNo();
        var codes = await centre.ImportRosterCodesAsync(university, $"{StudentWorld.RosterHeader}\n{no},周八,软件工程,bachelor,2020\n");
        using var guesser = From(await app.RegisterAsync(), "10.30.0.1");

        // Well-formed guesses (a right one is a chance of one in 2^40 each).
        var refused = await CampusThenScriptAsync("claims", Shipped.ClaimsBurst, Shipped.ClaimsPerMinute,
            () => guesser.ClaimAsync(university, no, "周八", ActivationCodes.New()));

        await ExpectTooManyAsync(refused);
        // The graduate, from another address, still claims their row with the code.
        using var graduate = From(await app.RegisterAsync(), "10.30.0.2");
        await Api.Expect(await graduate.ClaimAsync(university, no, "周八", codes[no]), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Uploads_let_a_campus_through_one_address_and_stop_a_script()
    {
        var (student, _) = await app.StudentAsync(await app.UniversityIdAsync("武汉东湖学院"));
        From(student, "10.40.0.1");
        var notPdf = Encoding.ASCII.GetBytes("not a resume");

        var refused = await CampusThenScriptAsync("uploads", Shipped.UploadsBurst, Shipped.UploadsPerMinute, () => student.UploadAsync(notPdf));

        await ExpectTooManyAsync(refused);
        student.Http.DefaultRequestHeaders.Remove(JobFairApp.ClientAddressHeader);
        From(student, "10.40.0.2");
        await student.UploadResumeAsync();
    }

    [Fact]
    public async Task Whoever_guesses_the_admins_password_locks_out_only_their_own_address()
    {
        using var outsider = From(app.Anonymous(), "203.0.113.9");
        object Guess(int i) => new { email = JobFairApp.AdminEmail, password = $"guess-{i}-x" };
        for (var i = 0; i < 4; i++)
            await Api.ExpectProblem(await outsider.PostAsync("/api/auth/login", Guess(i)), HttpStatusCode.Unauthorized, "invalid_credentials");
        await Api.ExpectProblem(await outsider.PostAsync("/api/auth/login", Guess(5)), HttpStatusCode.TooManyRequests, "locked_out");
        // From that address even the right password waits...
        await Api.ExpectProblem(await outsider.PostAsync("/api/auth/login", new { email = JobFairApp.AdminEmail, password = JobFairApp.AdminPassword }),
            HttpStatusCode.TooManyRequests, "locked_out");

        // ...while the admin signs in from their own, through the API and the sign-in page.
        using var admin = From(new Api(app.CreateClient()) { Email = JobFairApp.AdminEmail }, "198.51.100.7");
        await admin.SignInAsync(JobFairApp.AdminPassword);
        Assert.Contains("admin", (await admin.GetJsonAsync("/api/me"))["roles"]!.AsArray().Select(r => (string?)r));
        using var pages = Pages.For(app);
        pages.Http.DefaultRequestHeaders.Add(JobFairApp.ClientAddressHeader, "198.51.100.8");
        Assert.Equal("/admin", (await pages.SignInAsync(JobFairApp.AdminEmail, JobFairApp.AdminPassword)).Location);
        // Identity's own lockout, per account alone, never holds anyone.
        Assert.Null(await app.WithDb(db => db.Users.Where(u => u.Email == JobFairApp.AdminEmail).Select(u => u.LockoutEnd).SingleAsync()));
    }

    [Fact]
    public async Task A_sign_in_says_the_same_whether_or_not_the_account_exists_locked_out_included()
    {
        using var user = await app.RegisterAsync();
        var nobody = Callers.NewEmail("nobody");

        async Task<List<string>> AnswersAsync(string email, string address)
        {
            using var api = From(app.Anonymous(), address);
            var answers = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                var response = await api.PostAsync("/api/auth/login", new { email, password = $"wrong-{i}-pass" });
                var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
                body.Remove("traceId");
                answers.Add($"{(int)response.StatusCode} {response.Headers.RetryAfter} {body.ToJsonString()}");
            }
            return answers;
        }

        var known = await AnswersAsync(user.Email!, "192.0.2.10");
        var unknown = await AnswersAsync(nobody, "192.0.2.11");

        Assert.Equal(known, unknown);
        Assert.StartsWith("429", known[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_a_taken_address_answers_as_for_a_new_one_and_changes_nothing()
    {
        using var owner = await app.RegisterAsync();
        using var api = From(app.Anonymous(), "10.50.0.1");

        var taken = await api.PostAsync("/api/auth/register", new { email = owner.Email, password = "another-pass-7" });
        var fresh = await api.PostAsync("/api/auth/register", new { email = Callers.NewEmail(), password = "another-pass-7" });

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(fresh.StatusCode, taken.StatusCode);
        Assert.Equal(await fresh.Content.ReadAsStringAsync(), await taken.Content.ReadAsStringAsync());
        // The owner's password is still theirs; the other one opens nothing.
        await new Api(app.CreateClient()) { Email = owner.Email }.SignInAsync();
        await Api.ExpectProblem(await api.PostAsync("/api/auth/login", new { email = owner.Email, password = "another-pass-7" }),
            HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task A_student_keeps_at_most_ten_resumes_even_when_uploading_at_once()
    {
        var (student, _) = await app.StudentAsync(await app.UniversityIdAsync("武汉东湖学院"));
        From(student, "10.60.0.1");
        for (var i = 0; i < 7; i++) await student.UploadResumeAsync($"简历{i}");

        var racing = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => student.UploadAsync(Pdfs.Make($"r{i}"), $"同时{i}")));

        Assert.Equal(3, racing.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in racing.Where(r => r.StatusCode != HttpStatusCode.Created))
            await Api.ExpectProblem(refused, HttpStatusCode.Conflict, "too_many_resumes");
        var kept = (await student.GetJsonAsync("/api/students/me/resumes?pageSize=100")).Items();
        Assert.Equal(10, kept.Count);
        // Deleting one makes room for one.
        await Api.Expect(await student.Http.DeleteAsync(new Uri($"/api/students/me/resumes/{kept[0]!["id"]}", UriKind.Relative)), HttpStatusCode.NoContent);
        await student.UploadResumeAsync("新的简历");
        await Api.ExpectProblem(await student.UploadAsync(Pdfs.Make("more")), HttpStatusCode.Conflict, "too_many_resumes");
    }
}
