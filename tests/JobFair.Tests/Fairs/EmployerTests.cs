using System.Net;
using JobFair.Server.Features.Employers;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Fairs;

public sealed class EmployerTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Theory]
    [InlineData("91350100M000100Y43", true)]   // the standard's own example
    [InlineData("914403001922038216", true)]
    [InlineData("91110000802100433B", true)]
    [InlineData("91350100M000100Y44", false)]  // wrong check character
    [InlineData("91350100M000100Y4", false)]   // 17 characters
    [InlineData("91350100I000100Y43", false)]  // I is not in the alphabet
    [InlineData("", false)]
    public void The_credit_code_checksum_follows_GB_32100(string code, bool valid) =>
        Assert.Equal(valid, CreditCode.IsValid(code));

    [Fact]
    public void Generated_test_codes_are_valid() =>
        Assert.All(Enumerable.Range(0, 50).Select(_ => FairWorld.NewCreditCode()), c => Assert.True(CreditCode.IsValid(c), c));

    [Fact]
    public async Task A_user_without_a_role_registers_an_employer_and_becomes_its_recruiter()
    {
        using var user = await app.RegisterAsync();
        var code = FairWorld.NewCreditCode();

        var employer = await Api.Expect(await user.PostAsync("/api/employers", new
        {
            name = "武汉光谷软件有限公司", creditCode = code.ToLowerInvariant(), industry = "软件", city = "武汉", size = "50-99人",
        }), HttpStatusCode.Created);

        Assert.Equal(code, (string?)employer["creditCode"]);
        Assert.Equal("武汉光谷软件有限公司", (string?)employer["name"]);
        await user.RefreshAsync();
        var me = await user.GetJsonAsync("/api/me");
        Assert.Equal(["recruiter"], me["roles"]!.AsArray().Select(r => (string?)r));
        var mine = await user.GetJsonAsync("/api/employers/me");
        Assert.Equal((string?)employer["id"], (string?)mine["employer"]!["id"]);
    }

    [Fact]
    public async Task Bad_or_duplicate_codes_and_callers_with_a_role_are_refused_and_change_nothing()
    {
        var (recruiter, _) = await app.RecruiterAsync();
        using var user = await app.RegisterAsync();
        using var centre = await app.CentreAsync(await app.UniversityIdAsync("南京大学"));
        using var anonymous = app.Anonymous();
        var code = FairWorld.NewCreditCode();
        object Body(string creditCode) => new { name = "某公司", creditCode, industry = "制造", city = "荆州", size = "20人以下" };
        await Api.Expect(await (await app.RegisterAsync()).PostAsync("/api/employers", Body(code)), HttpStatusCode.Created);
        var before = await app.WithDb(db => db.Employers.CountAsync());

        var bad = await Api.ExpectProblem(await user.PostAsync("/api/employers", Body(code[..17] + (code[17] == '0' ? '1' : '0'))), HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["creditCode"]);
        await Api.ExpectProblem(await user.PostAsync("/api/employers", Body(code)), HttpStatusCode.Conflict, "employer_exists");
        await Api.ExpectProblem(await recruiter.PostAsync("/api/employers", Body(FairWorld.NewCreditCode())), HttpStatusCode.Forbidden, "already_has_role");
        await Api.ExpectProblem(await centre.PostAsync("/api/employers", Body(FairWorld.NewCreditCode())), HttpStatusCode.Forbidden, "already_has_role");
        await Api.ExpectProblem(await centre.PostAsync("/api/employers", Body(code)), HttpStatusCode.Forbidden, "already_has_role");
        await Api.ExpectProblem(await anonymous.PostAsync("/api/employers", Body(FairWorld.NewCreditCode())), HttpStatusCode.Unauthorized);

        Assert.Equal(before, await app.WithDb(db => db.Employers.CountAsync()));
        Assert.Empty((await user.GetJsonAsync("/api/me"))["roles"]!.AsArray());
    }

    [Fact]
    public async Task A_recruiter_invites_a_colleague_who_joins_the_same_employer()
    {
        var (recruiter, employerId) = await app.RecruiterAsync();
        var email = Callers.NewEmail("colleague");
        var invitation = await Api.Expect(await recruiter.PostAsync("/api/employers/me/invitations", new { email }), HttpStatusCode.Created);
        var code = (string)invitation["code"]!;
        using var stranger = await app.RegisterAsync();
        using var colleague = await app.RegisterAsync(email);

        await Api.ExpectProblem(await stranger.PostAsync($"/api/employers/invitations/{code}/accept", null), HttpStatusCode.NotFound);
        var accepted = await Api.Expect(await colleague.PostAsync($"/api/employers/invitations/{code}/accept", null), HttpStatusCode.OK);
        Assert.Equal(employerId.ToString(), (string?)accepted["employerId"]);
        await Api.ExpectProblem(await colleague.PostAsync($"/api/employers/invitations/{code}/accept", null), HttpStatusCode.Conflict, "invitation_used");

        await colleague.RefreshAsync();
        var mine = await colleague.GetJsonAsync("/api/employers/me");
        Assert.Equal(employerId.ToString(), (string?)mine["employer"]!["id"]);
        Assert.Equal(2, mine["recruiters"]!.AsArray().Count);
        Assert.Empty((await stranger.GetJsonAsync("/api/me"))["roles"]!.AsArray());
    }
}
