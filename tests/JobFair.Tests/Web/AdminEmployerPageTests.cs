using System.Net;
using JobFair.Tests.Support;

namespace JobFair.Tests.Web;

/// <summary>
/// The admin's employer page as served: a transfer is asked first and done only once confirmed
/// (TransferEmployer decides: the new holder becomes the only recruiter); others may not open it.
/// </summary>
public sealed class AdminEmployerPageTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task A_transfer_is_asked_first_and_once_confirmed_the_new_holder_is_the_only_recruiter()
    {
        var (recruiter, employerId) = await app.RecruiterAsync("汉江物流有限公司");
        using var _r = recruiter;
        using var newcomer = await app.RegisterAsync();
        using var pages = Pages.For(app);
        await pages.SignInAsync(JobFairApp.AdminEmail, JobFairApp.AdminPassword);
        var page = await pages.GetAsync($"/admin/employers/{employerId}");
        Assert.Equal("汉江物流有限公司", page.Heading);

        var asked = await pages.SubmitAsync(page, "transfer", new Dictionary<string, string> { ["Act.Email"] = newcomer.Email!, ["Act.Reason"] = "营业执照持有人申诉" });
        Assert.Equal(HttpStatusCode.OK, asked.Status);
        Assert.Contains($"确定把「汉江物流有限公司」转移给 {newcomer.Email} 吗？", asked.Document.QuerySelector("[data-testid=confirm]")!.TextContent);
        using (var admin = await app.AdminAsync())
            Assert.Equal([recruiter.Email], (await admin.GetJsonAsync($"/api/admin/employers/{employerId}"))["recruiters"]!.AsArray().Select(r => (string?)r!["email"]));

        var done = await pages.SubmitAsync(asked, "transfer");
        Assert.Equal($"/admin/employers/{employerId}?done=transfer", done.Location);
        var after = await pages.FollowAsync(done);
        Assert.Equal("已转移这家单位。", after.Document.QuerySelector("[data-testid=admin-done]")!.TextContent.Trim());
        Assert.Equal(newcomer.Email, after.Document.QuerySelector("[data-testid=recruiters]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_suspension_without_a_reason_is_refused_beside_the_reason_and_asks_nothing()
    {
        var (recruiter, employerId) = await app.RecruiterAsync();
        using var _r = recruiter;
        using var pages = Pages.For(app);
        await pages.SignInAsync(JobFairApp.AdminEmail, JobFairApp.AdminPassword);
        var page = await pages.GetAsync($"/admin/employers/{employerId}");
        var refused = await pages.SubmitAsync(page, "suspend", new Dictionary<string, string> { ["Act.Reason"] = "  " });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.NotNull(refused.Document.QuerySelector("#suspend-reason-error"));
        Assert.Null(refused.Document.QuerySelector("[data-testid=confirm]"));
        // Even a forged confirmation without a reason changes nothing.
        var forged = await pages.SubmitAsync(page, "suspend", new Dictionary<string, string> { ["Act.Reason"] = "", ["Act.Confirmed"] = "yes" });
        Assert.Equal(HttpStatusCode.OK, forged.Status);
        using var admin = await app.AdminAsync();
        Assert.Null((await admin.GetJsonAsync($"/api/admin/employers/{employerId}"))["suspendedAt"]?.GetValue<string?>());
    }

    [Fact]
    public async Task A_centre_cannot_open_an_employers_admin_page()
    {
        var (recruiter, employerId) = await app.RecruiterAsync();
        using var _r = recruiter;
        var (_, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        using var pages = Pages.For(app);
        await pages.SignInAsync(centre.Email!);
        Assert.Equal(HttpStatusCode.Forbidden, (await pages.GetAsync($"/admin/employers/{employerId}")).Status);
    }
}
