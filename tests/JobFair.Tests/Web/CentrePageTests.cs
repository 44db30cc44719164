using System.Net;
using System.Text;
using JobFair.Tests.Support;

namespace JobFair.Tests.Web;

/// <summary>/centre, /centre/fairs/{id} and /admin as served, without a browser: refusals in the reader's language and the CSV files.</summary>
public sealed class CentrePageTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private async Task<(Pages Pages, Api Centre, Guid FairId, Api Recruiter, Guid EmployerId)> PendingRequestAsync()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        var centre = await app.CentreAsync(supported);
        var fairId = await centre.CreateFairAsync(pairId, "页面审核测试双选会");
        var (recruiter, employerId) = await app.RecruiterAsync();
        await Api.Expect(await recruiter.PostAsync($"/api/fairs/{fairId}/participations", new { message = "请审核" }), HttpStatusCode.Created);
        var pages = Pages.For(app);
        await pages.SignInAsync(centre.Email!);
        return (pages, centre, fairId, recruiter, employerId);
    }

    [Fact]
    public async Task Rejecting_without_a_reason_is_refused_in_the_readers_language_and_changes_nothing()
    {
        var (pages, centre, fairId, recruiter, employerId) = await PendingRequestAsync();
        using (pages) using (centre) using (recruiter)
        {
            var key = $"{fairId:N}-{employerId:N}";
            var start = await pages.GetAsync("/centre");
            Assert.Equal(HttpStatusCode.OK, start.Status);
            Assert.NotNull(start.Document.QuerySelector($"[data-participation='{key}']"));

            var refused = await pages.SubmitAsync(start, $"reject-{key}", new Dictionary<string, string> { ["Decision.Reason"] = "" });
            Assert.True(refused.Status == HttpStatusCode.OK, refused.Document.Body?.TextContent);
            Assert.Equal(["拒绝时请说明原因。"], refused.Errors);
            Assert.Equal("true", refused.Document.GetElementById("reason")?.GetAttribute("aria-invalid"));
            var still = await centre.GetJsonAsync($"/api/fairs/{fairId}/participations?status=pending");
            Assert.Equal(1, (int)still["total"]!);

            // Deciding twice: the second is refused with the code's words, in English once English is chosen.
            Assert.Equal(HttpStatusCode.Found, (await pages.SubmitAsync(start, $"approve-{key}")).Status);
            await pages.GetAsync("/language/en?returnUrl=/centre");
            var again = await pages.SubmitAsync(start, $"approve-{key}");
            Assert.Equal(HttpStatusCode.OK, again.Status);
            Assert.Equal("en", again.Language);
            Assert.Single(again.Errors);
            Assert.DoesNotContain(again.Errors[0], c => c >= '\u4e00' && c <= '\u9fff');
            var approved = await centre.GetJsonAsync($"/api/fairs/{fairId}/participations?status=approved");
            Assert.Equal(1, (int)approved["total"]!);
        }
    }

    [Fact]
    public async Task A_fair_with_an_end_before_its_start_is_refused_beside_the_field_and_not_created()
    {
        var (_, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        using var pages = Pages.For(app);
        await pages.SignInAsync(centre.Email!);
        var start = await pages.GetAsync("/centre");
        var before = (await pages.GetAsync("/centre")).Document.QuerySelectorAll("[data-fair-id]").Length;

        var refused = await pages.SubmitAsync(start, "create-fair", new Dictionary<string, string>
        {
            ["Input.Title"] = "时间有误的双选会", ["Input.StartsAt"] = "2099-05-02T09:00", ["Input.EndsAt"] = "2099-05-01T09:00",
        });

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("结束时间必须晚于开始时间。", refused.Errors);
        Assert.NotNull(refused.Document.QuerySelector("#endsAt-error"));
        // The same validator's message in English for a reader who chose English (the API's own words stay as they are).
        await pages.GetAsync("/language/en?returnUrl=/centre");
        var inEnglish = await pages.SubmitAsync(await pages.GetAsync("/centre"), "create-fair", new Dictionary<string, string>
        {
            ["Input.Title"] = "时间有误的双选会", ["Input.StartsAt"] = "2099-05-02T09:00", ["Input.EndsAt"] = "2099-05-01T09:00",
        });
        Assert.Contains("The end must come after the start.", inEnglish.Errors);
        Assert.Equal(before, (await pages.GetAsync("/centre")).Document.QuerySelectorAll("[data-fair-id]").Length);
    }

    [Fact]
    public async Task Each_dashboard_table_downloads_as_csv_with_a_byte_order_mark_and_the_rows_the_page_shows()
    {
        var (pages, centre, fairId, recruiter, employerId) = await PendingRequestAsync();
        using (pages) using (centre) using (recruiter)
        {
            var dashboard = await pages.GetAsync($"/centre/fairs/{fairId}");
            Assert.Equal(HttpStatusCode.OK, dashboard.Status);
            foreach (var key in new[] { "funnel", "universities", "days", "majors" })
                Assert.NotNull(dashboard.Document.QuerySelector($"a[data-csv={key}][href='/centre/fairs/{fairId}/{key}.csv']"));

            var response = await pages.Http.GetAsync(new Uri($"/centre/fairs/{fairId}/universities.csv", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
            var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("高校,投递学生,投递简历,签约", lines[0]);
            var shown = dashboard.Document.QuerySelectorAll("[data-table=universities] tbody th").Select(th => th.TextContent.Trim()).ToList();
            Assert.Equal(shown, lines.Skip(1).Select(l => l.Split(',')[0]));
            Assert.Equal(2, shown.Count);
        }
    }

    [Fact]
    public async Task Another_universitys_centre_gets_a_404_for_the_dashboard_and_its_csv()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var host = await app.CentreAsync(supported);
        var fairId = await host.CreateFairAsync(pairId, "别校看不到的双选会");
        using var api = app.Anonymous();
        var outsider = (await api.GetJsonAsync("/api/universities?hubei=false&pageSize=100")).Items()
            .Select(u => Guid.Parse((string)u!["id"]!)).First(id => id != supported);
        using var other = await app.CentreAsync(outsider);
        using var pages = Pages.For(app);
        await pages.SignInAsync(other.Email!);

        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync($"/centre/fairs/{fairId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.Http.GetAsync(new Uri($"/centre/fairs/{fairId}/funnel.csv", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_admin_reads_every_pair_and_downloads_it_as_csv_and_a_taken_email_is_refused_beside_its_field()
    {
        using var pages = Pages.For(app);
        await pages.SignInAsync(JobFairApp.AdminEmail, JobFairApp.AdminPassword);
        var admin = await pages.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, admin.Status);
        using var api = app.Anonymous();
        var pairs = (int)(await api.GetJsonAsync("/api/pairs?pageSize=1"))["total"]!;
        // Every pair, 20 to a page (a phone shows each as a card), each once.
        var rows = new List<string>();
        for (var number = 1; number <= (pairs + 19) / 20; number++)
        {
            var shown = number == 1 ? admin : await pages.GetAsync($"/admin?pairs-page={number}");
            var onPage = shown.Document.QuerySelectorAll("[data-table=pairs] tbody tr th").Select(th => th.TextContent.Trim()).ToList();
            Assert.Equal(Math.Min(20, pairs - rows.Count), onPage.Count);
            rows.AddRange(onPage);
        }
        Assert.Equal(pairs, rows.Distinct().Count());
        Assert.Equal(pairs.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            admin.Document.QuerySelector("[data-testid=national-pairs]")?.TextContent.Trim());

        var csv = await pages.Http.GetByteArrayAsync(new Uri("/admin/pairs.csv", UriKind.Relative));
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        Assert.Equal(pairs + 1, Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        var (_, supported, _) = await app.FirstPairAsync();
        var refused = await pages.SubmitAsync(admin, "centre-staff", new Dictionary<string, string>
        {
            ["Input.UniversityId"] = supported.ToString(), ["Input.Email"] = JobFairApp.AdminEmail, ["Input.Password"] = "centre-password-1",
        });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal(["这个邮箱已经注册过，请直接登录。"], refused.Errors);
        Assert.NotNull(refused.Document.QuerySelector("#email-error"));
    }

    [Fact]
    public async Task A_centre_cannot_open_the_admin_page_nor_its_csv()
    {
        var (_, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        using var pages = Pages.For(app);
        await pages.SignInAsync(centre.Email!);
        Assert.Equal(HttpStatusCode.Forbidden, (await pages.GetAsync("/admin")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await pages.Http.GetAsync(new Uri("/admin/pairs.csv", UriKind.Relative))).StatusCode);
    }
}
