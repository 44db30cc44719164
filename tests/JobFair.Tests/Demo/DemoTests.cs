using System.Collections.Concurrent;
using System.Net;
using JobFair.Server.Features.Demo;
using JobFair.Server.Features.Guidance.Pushes;
using JobFair.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobFair.Tests.Demo;

/// <summary>The server started with JOBFAIR_DEMO=1 (as deploy/run.sh starts it).</summary>
public sealed class DemoApp : JobFairApp
{
    public const string Password = "demo-password-4-tests";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("JOBFAIR_DEMO", "1"), new("JOBFAIR_DEMO_PASSWORD", Password), new("Logging:LogLevel:JobFair.Server.Features.Demo", "Information")];

    /// <summary>What the demo loader logged, with each message's named values, as an operator reads them.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, object?>> DemoLog { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(new Capture(DemoLog)));
    }

    private sealed class Capture(ConcurrentQueue<IReadOnlyDictionary<string, object?>> log) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("JobFair.Server.Features.Demo", StringComparison.Ordinal)
            ? this : NullLogger.Instance;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values) log.Enqueue(values.ToDictionary(v => v.Key, v => v.Value));
        }

        public bool IsEnabled(LogLevel logLevel) => true;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public void Dispose() { }
    }
}

public sealed class DemoTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task The_big_fair_runs_live_at_the_real_fairs_scale()
    {
        using var api = app.Anonymous();
        var fair = await api.GetJsonAsync($"/api/fairs/{DemoWorld.BigFairId}");
        Assert.Equal("published", (string?)fair["status"]);
        Assert.True(DateTimeOffset.Parse((string)fair["startsAt"]!, System.Globalization.CultureInfo.InvariantCulture) <= DateTimeOffset.UtcNow);
        Assert.True(DateTimeOffset.Parse((string)fair["endsAt"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddHours(12));
        Assert.Equal(new HashSet<string> { "江南大学", "武汉华夏理工学院" }, fair["hosts"]!.AsArray().Select(h => (string)h!["name"]!).ToHashSet());

        // The figures are counted by the stats refresher from the rows, as for any fair.
        await Eventually.True(async () => (int?)(await api.GetJsonAsync($"/api/fairs/{DemoWorld.BigFairId}/stats"))["version"] > 0,
            "the demo fair's figures to be counted", seconds: 60);
        var stats = await api.GetJsonAsync($"/api/fairs/{DemoWorld.BigFairId}/stats");
        Assert.Equal(317, (int)stats["employers"]!);
        Assert.Equal(18_000, (int)stats["positions"]!);
        Assert.True((int)stats["openings"]! >= 18_000);
        Assert.Equal(483, (int)stats["applicants"]!);
        Assert.Equal(1_715, (int)stats["applications"]!);
        Assert.Equal(249, (int)stats["interviewsInvited"]!);
        Assert.InRange((int)stats["signed"]!, 1, (int)stats["offers"]!);

        var search = await api.GetJsonAsync($"/api/fairs/{DemoWorld.BigFairId}/positions?q=工程师&pageSize=5");
        Assert.True((int)search["total"]! > 1000);
    }

    [Fact]
    public async Task Loading_again_changes_nothing()
    {
        var before = await app.WithDb(db => db.Positions.CountAsync());
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync();
        Assert.Equal(before, await app.WithDb(db => db.Positions.CountAsync()));
        Assert.Equal(1, await app.WithDb(db => db.Fairs.CountAsync(f => f.Id == DemoWorld.BigFairId)));
    }

    [Theory]
    [InlineData(DemoWorld.Accounts.Student, "student")]
    [InlineData(DemoWorld.Accounts.Recruiter, "recruiter")]
    [InlineData(DemoWorld.Accounts.Centre, "centre")]
    [InlineData(DemoWorld.Accounts.PartnerCentre, "centre")]
    [InlineData(DemoWorld.Accounts.Counsellor, "counsellor")]
    public async Task Each_demo_account_signs_in_with_its_role_and_finds_work_waiting(string email, string role)
    {
        using var user = await new Api(app.CreateClient()) { Email = email }.SignInAsync(DemoApp.Password);
        var me = await user.GetJsonAsync("/api/me");
        Assert.Contains(role, me["roles"]!.AsArray().Select(r => (string)r!));
        var work = role switch
        {
            "student" => await user.GetJsonAsync("/api/students/me/applications?pageSize=1"),
            "recruiter" => await user.GetJsonAsync("/api/employers/me/applications?pageSize=1"),
            "counsellor" => await user.GetJsonAsync("/api/counsellors/me/students?overdue=true&pageSize=1"),
            _ => await user.GetJsonAsync($"/api/fairs/{DemoWorld.BigFairId}/participations?status=pending"),
        };
        Assert.True((int)work["total"]! > 0, $"{email} has nothing waiting");
        if (role == "student") Assert.Equal(62, (int)work["total"]!);
    }

    [Fact]
    public async Task The_demo_recruiter_finds_a_full_board_on_the_first_position_and_the_admin_the_employers_and_pairs_paged()
    {
        using var pages = Pages.For(app);
        await pages.SignInAsync(DemoWorld.Accounts.Recruiter, DemoApp.Password);
        var positions = await pages.GetAsync("/employer/positions");
        var first = positions.Document.QuerySelector("[data-position-id]")!.GetAttribute("data-position-id");
        var board = await pages.GetAsync($"/employer/positions/{first}/board");
        var cards = board.Document.QuerySelectorAll("[data-column] [data-application-id]");
        Assert.True(cards.Length >= 10, $"the demo board shows {cards.Length} applications");
        var columns = cards.Select(c => c.Closest("[data-column]")!.GetAttribute("data-column")).Distinct().ToList();
        Assert.True(columns.Count >= 3, $"the demo board fills only {string.Join(", ", columns)}");

        using var admin = Pages.For(app);
        await admin.SignInAsync(JobFairApp.AdminEmail, JobFairApp.AdminPassword);
        var national = await admin.GetAsync("/admin");
        Assert.Equal(20, national.Document.QuerySelectorAll("[data-table=pairs] tbody tr").Length);
        Assert.Equal(20, national.Document.QuerySelectorAll("[data-testid=admin-employers] tbody tr").Length);
    }

    [Fact]
    public async Task A_visitor_claims_an_unclaimed_demo_row_with_a_code_the_loader_printed()
    {
        var printed = app.DemoLog.Where(l => l.ContainsKey("Code")).ToList();
        Assert.Equal(DemoWorld.HandedOut, printed.Count);
        var row = printed[0];
        using var visitor = await app.RegisterAsync();
        var universityId = (Guid)row["UniversityId"]!;
        var (no, name, code) = ((string)row["StudentNo"]!, (string)row["Name"]!, (string)row["Code"]!);

        await Api.ExpectProblem(await visitor.ClaimAsync(universityId, no, name, "ABCD-EFGH"), HttpStatusCode.Forbidden, "claim_refused");
        var profile = await Api.Expect(await visitor.ClaimAsync(universityId, no, name, code), HttpStatusCode.OK);
        Assert.Equal("武汉华夏理工学院", (string?)profile["universityName"]);
        // The other printed rows stay claimable; nothing but a hash of any code is stored.
        Assert.Equal(150 - 1, await app.WithDb(db => db.Students.CountAsync(s => s.UserId == null && s.ActivationCodeHash != null)));
    }

    [Fact]
    public async Task The_demo_counsellor_lands_on_a_populated_ledger_and_is_paired_with_a_counsellor_of_the_partner_university()
    {
        using var counsellor = await new Api(app.CreateClient()) { Email = DemoWorld.Accounts.Counsellor }.SignInAsync(DemoApp.Password);
        using var partner = await new Api(app.CreateClient()) { Email = DemoWorld.Accounts.PartnerCounsellor }.SignInAsync(DemoApp.Password);
        var me = await counsellor.GetJsonAsync("/api/counsellors/me");
        Assert.Equal("武汉华夏理工学院", (string?)me["counsellor"]!["university"]);
        Assert.Equal("江南大学", (string?)me["pairs"]![0]!["partner"]!["university"]);
        Assert.Equal(DemoWorld.Accounts.PartnerCounsellor, (string?)me["pairs"]![0]!["partner"]!["email"]);
        Assert.True((int)me["students"]! >= 50, $"the demo ledger holds {(int)me["students"]!} graduates");

        var ledger = await counsellor.GetJsonAsync("/api/counsellors/me/students?pageSize=100");
        Assert.Contains(ledger.Items(), i => (int)i!["openActions"]! > 0);
        Assert.Contains(ledger.Items(), i => i!["keyGroups"]!.AsArray().Count > 0);
        Assert.Contains(ledger.Items(), i => i!["lastContactAt"] is not null);
        Assert.Contains(ledger.Items(), i => (int)i!["applications"]! == 62); // the fair's record holder, assigned by the centre
        Assert.True((int)(await counsellor.GetJsonAsync("/api/counsellors/me/students?uncontacted=true&pageSize=1"))["total"]! > 0);
        var planned = ledger.Items().First(i => (int)i!["openActions"]! > 0)!;
        var plan = await counsellor.GetJsonAsync($"/api/students/{(string)planned["studentId"]!}/plan");
        Assert.NotEmpty(plan["entries"]!.AsArray());

        // The partner sees the pair's graduates through the pair, advice among their plans, no key groups.
        var pairId = (string)me["pairs"]![0]!["id"]!;
        var through = await partner.GetJsonAsync($"/api/counsellor-pairs/{pairId}/students?pageSize=100");
        Assert.Equal((int)ledger["total"]!, (int)through["total"]!);
        Assert.All(through.Items(), i => Assert.Null(i!["keyGroups"]));
    }

    [Fact]
    public async Task The_demo_student_has_positions_pushed_for_their_major_and_the_centre_and_counsellor_see_populated_figures()
    {
        using var student = await new Api(app.CreateClient()) { Email = DemoWorld.Accounts.Student }.SignInAsync(DemoApp.Password);
        var pushed = await student.GetJsonAsync("/api/students/me/recommendations?pageSize=100");
        Assert.InRange((int)pushed["total"]!, 5, 12);
        Assert.All(pushed.Items(), r => Assert.StartsWith("与你的专业", (string)r!["reason"]!, StringComparison.Ordinal));
        var notifications = await student.GetJsonAsync("/api/me/notifications?pageSize=100");
        Assert.Equal((int)pushed["total"]!, notifications.Items().Count(n => (string?)n!["kind"] == "position_recommended"));
        // Never more than the day's allowance on any day, for anyone.
        Assert.Equal(0, await app.WithDb(db => db.Set<PushDay>().CountAsync(d => d.Pushed > Pushing.DailyCap)));

        using var centre = await new Api(app.CreateClient()) { Email = DemoWorld.Accounts.Centre }.SignInAsync(DemoApp.Password);
        var universityId = (string)(await centre.GetJsonAsync("/api/me"))["universityId"]!;
        var pushes = await centre.GetJsonAsync($"/api/universities/{universityId}/push-figures");
        Assert.True((int)pushes["total"]!["pushed"]! > 500, $"{pushes["total"]} pushed");
        Assert.True((int)pushes["total"]!["opened"]! > 0);
        Assert.True((int)pushes["total"]!["applied"]! > 0);
        var figures = await centre.GetJsonAsync($"/api/universities/{universityId}/guidance-figures");
        Assert.True((int)figures["university"]!["looking"]! > 0);
        Assert.True((int)figures["university"]!["overdueActions"]! > 0);
        Assert.True((int)figures["university"]!["uncontacted"]! > 0);
        Assert.Equal(4, figures["byCounsellor"]!.AsArray().Count);
        var answers = await centre.GetJsonAsync($"/api/universities/{universityId}/responsiveness");
        Assert.True((int)answers["all"]!["overdue"]! > 0);

        // The demo recruiter's employer left resumes unread at the earlier fair and was reminded.
        using var recruiter = await new Api(app.CreateClient()) { Email = DemoWorld.Accounts.Recruiter }.SignInAsync(DemoApp.Password);
        Assert.Contains((await recruiter.GetJsonAsync("/api/me/notifications?pageSize=100")).Items(),
            n => (string?)n!["kind"] == "applications_unread");
    }

    [Fact]
    public async Task The_demo_recruiter_lands_on_an_open_booth_with_graduates_waiting_and_the_demo_student_sees_their_place()
    {
        using var recruiter = await new Api(app.CreateClient()) { Email = DemoWorld.Accounts.Recruiter }.SignInAsync(DemoApp.Password);
        var employerId = (string)(await recruiter.GetJsonAsync("/api/me"))["employerId"]!;
        var line = await recruiter.GetJsonAsync($"/api/fairs/{DemoWorld.BigFairId}/booths/{employerId}/queue");
        Assert.True((bool)line["booth"]!["open"]!);
        Assert.Equal(6, (int)line["total"]!);
        Assert.Equal([1, 2, 3, 4, 5, 6], line.Items().Select(i => (int)i!["position"]!));
        // The talks held this morning give the booth a pace of its own: the wait is a range, not the setting.
        Assert.True((int)line["booth"]!["etaMinutesLow"]! < (int)line["booth"]!["etaMinutesHigh"]!);

        using var student = await new Api(app.CreateClient()) { Email = DemoWorld.Accounts.Student }.SignInAsync(DemoApp.Password);
        var mine = await student.GetJsonAsync($"/api/fairs/{DemoWorld.BigFairId}/booths/{employerId}/queue");
        Assert.Equal(("waiting", 6), ((string)mine["status"]!, (int)mine["position"]!));

        using var pages = Pages.For(app);
        await pages.SignInAsync(DemoWorld.Accounts.Recruiter, DemoApp.Password);
        var console = await pages.GetAsync($"/employer/booths/{DemoWorld.BigFairId}");
        Assert.Equal(6, console.Document.QuerySelectorAll("[data-testid=line-row]").Length);
    }

    [Fact]
    public async Task Demo_accounts_do_not_open_with_a_wrong_password()
    {
        using var api = app.Anonymous();
        var response = await api.PostAsync("/api/auth/login", new { email = DemoWorld.Accounts.Centre, password = "jobfair-demo" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
