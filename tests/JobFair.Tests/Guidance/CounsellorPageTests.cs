using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JobFair.Tests.Guidance;

/// <summary>
/// The counsellor's pages (/counsellor, a graduate's plan, a partner's graduates) as served, without
/// a browser: who reaches them, what each counsellor sees, and the plan's forms changing the plan.
/// </summary>
public sealed class CounsellorPageTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private sealed record Scene(Guid CounsellorPairId, string OwnEmail, string PartnerEmail, string OutsiderEmail, Guid StudentId,
        Guid OtherId, Api Own, string Major);

    /// <summary>
    /// Two graduates of one major at the supported university (one claimed, in a key group, with an
    /// overdue action and a note), their counsellor, the partner counsellor paired with them, and a
    /// colleague looking after another major.
    /// </summary>
    private async Task<Scene> SceneAsync()
    {
        var (pairId, supported, supporting) = await app.FirstPairAsync();
        var centre = await app.CentreAsync(supported);
        var partnerCentre = await app.CentreAsync(supporting);
        var major = GuidanceWorld.NewMajor();
        var (own, ownId) = await app.CounsellorAsync(centre, supported, "李老师", major);
        var (partner, partnerId) = await app.CounsellorAsync(partnerCentre, supporting, "周老师", GuidanceWorld.NewMajor());
        var (outsider, _) = await app.CounsellorAsync(centre, supported, "赵老师", GuidanceWorld.NewMajor());
        var (student, studentId) = await app.StudentAsync(supported, centre, "陈同学", major);
        var otherId = (await centre.GraduatesAsync(supported, major, 1, "黄同学")).Single();
        var counsellorPairId = await centre.PairCounsellorsAsync(pairId, ownId, partnerId);

        await centre.SetKeyGroupsAsync(studentId, "poor_household");
        await own.AddActionAsync(studentId, DateTimeOffset.UtcNow.AddDays(-2), "修改简历");
        await Api.Expect(await own.PostAsync($"/api/students/{studentId}/plan/notes", new { text = "家庭经济困难" }), HttpStatusCode.Created);
        student.Dispose();
        partner.Dispose();
        outsider.Dispose();
        return new Scene(counsellorPairId, own.Email!, partner.Email!, outsider.Email!, studentId, otherId, own, major);
    }

    private async Task<Pages> SignedInAsync(string email)
    {
        var pages = Pages.For(app);
        await pages.SignInAsync(email);
        return pages;
    }

    [Fact]
    public async Task A_counsellor_lands_on_the_ledger_of_their_graduates_with_what_needs_doing_first()
    {
        var s = await SceneAsync();
        using var pages = Pages.For(app);
        var landing = await pages.SignInAsync(s.OwnEmail);
        Assert.Equal("/counsellor", landing.Location);

        var home = await pages.GetAsync("/counsellor");
        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Equal("zh-CN", home.Language);
        Assert.Equal("一人一策台账", home.Heading);
        Assert.Equal("2", home.Document.QuerySelector("[data-testid=ledger-students]")!.TextContent);
        Assert.Equal("1", home.Document.QuerySelector("[data-testid=ledger-overdue]")!.TextContent);
        var rows = home.Document.QuerySelectorAll("[data-testid=ledger] tbody tr").ToList();
        Assert.Equal([s.StudentId, s.OtherId], rows.Select(r => Guid.Parse(r.GetAttribute("data-student-id")!)).Order());
        var row = rows.Single(r => r.GetAttribute("data-student-id") == s.StudentId.ToString());
        Assert.Contains("建档立卡贫困家庭", row.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/counsellor/students/{s.StudentId}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains(home.Document.QuerySelectorAll("[data-testid=partner] h3"), h => h.TextContent == "周老师");

        // The overdue filter is a link: only the graduate with the overdue action.
        var overdue = await pages.GetAsync("/counsellor?overdue=true");
        Assert.Equal([s.StudentId.ToString()],
            overdue.Document.QuerySelectorAll("[data-testid=ledger] tbody tr").Select(r => r.GetAttribute("data-student-id")));
        // Every label belongs to an input of the filter form.
        foreach (var label in home.Document.QuerySelectorAll("form.filters label"))
            Assert.NotNull(home.Document.GetElementById(label.GetAttribute("for")!));
    }

    [Fact]
    public async Task A_counsellor_adds_an_action_to_a_plan_by_form_and_it_is_audited()
    {
        var s = await SceneAsync();
        using var pages = await SignedInAsync(s.OwnEmail);
        var url = $"/counsellor/students/{s.StudentId}";
        var plan = await pages.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, plan.Status);
        Assert.Equal("陈同学 的帮扶计划", plan.Heading);
        Assert.Equal("建档立卡贫困家庭", plan.Document.QuerySelector("[data-testid=key-groups]")!.TextContent);
        Assert.Contains("家庭经济困难", plan.Document.QuerySelector("[data-testid=history]")!.TextContent, StringComparison.Ordinal);
        var form = plan.Form("plan-action");
        Assert.False(string.IsNullOrEmpty(form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value));

        // Typed as a Beijing wall-clock time, a month ahead at 09:30.
        var day = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(30);
        var due = new DateTimeOffset(day.Year, day.Month, day.Day, 9, 30, 0, TimeSpan.FromHours(8));
        var added = await pages.SubmitAsync(plan, "plan-action", new Dictionary<string, string>
        {
            ["Action.Text"] = "推荐三家对口企业", ["Action.Due"] = due.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Found, added.Status);
        Assert.StartsWith(url, added.Location, StringComparison.Ordinal); // back to the plan by GET
        var after = await pages.GetAsync(url);
        var open = after.Document.QuerySelectorAll("[data-testid=open-actions] li").ToList();
        Assert.Equal(2, open.Count);
        // Due in Beijing time as typed, listed after the overdue one.
        Assert.Contains("推荐三家对口企业", open[1].TextContent, StringComparison.Ordinal);
        Assert.Equal(due.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) + "+08:00", open[1].QuerySelector("time")!.GetAttribute("datetime"));

        var action = await app.WithDb(db => db.PlanEntries.SingleAsync(e => e.StudentId == s.StudentId && e.Text == "推荐三家对口企业"));
        Assert.Equal(due, action.DueAt);
        var audited = await app.WithDb(db => db.AuditEntries.Where(a => a.SubjectId == s.StudentId).Select(a => a.Action).ToListAsync());
        Assert.Contains("plan_action_added", audited);
        Assert.Contains("ledger_read", audited);

        // Ticking it off.
        var done = await pages.SubmitAsync(after, "plan-done", new Dictionary<string, string> { ["Done.ActionId"] = action.Id.ToString() });
        Assert.Equal(HttpStatusCode.Found, done.Status);
        Assert.NotNull(await app.WithDb(db => db.PlanEntries.Where(e => e.Id == action.Id).Select(e => e.DoneAt).SingleAsync()));
        Assert.Single((await pages.GetAsync(url)).Document.QuerySelectorAll("[data-testid=open-actions] li"));
    }

    [Fact]
    public async Task A_refused_plan_form_says_what_is_wrong_beside_the_field_and_changes_nothing()
    {
        var s = await SceneAsync();
        using var pages = await SignedInAsync(s.OwnEmail);
        var url = $"/counsellor/students/{s.StudentId}";
        var before = await app.WithDb(db => db.PlanEntries.CountAsync(e => e.StudentId == s.StudentId));

        var badTime = await pages.SubmitAsync(await pages.GetAsync(url), "plan-action",
            new Dictionary<string, string> { ["Action.Text"] = "联系企业", ["Action.Due"] = "明天" });
        Assert.Equal(HttpStatusCode.OK, badTime.Status);
        Assert.Equal(["请填写完整的日期和时间"], badTime.Errors);
        Assert.Equal("true", badTime.Document.GetElementById("action-due")!.GetAttribute("aria-invalid"));
        Assert.StartsWith("错误：", badTime.Document.Title, StringComparison.Ordinal);

        var noText = await pages.SubmitAsync(await pages.GetAsync(url), "plan-note", new Dictionary<string, string> { ["Note.Text"] = "  " });
        Assert.Equal(HttpStatusCode.OK, noText.Status);
        Assert.Single(noText.Errors);
        Assert.NotNull(noText.Document.GetElementById("note-text-error"));
        Assert.EndsWith("#note-text", noText.Document.QuerySelector(".error-summary a")!.GetAttribute("href"), StringComparison.Ordinal);

        Assert.Equal(before, await app.WithDb(db => db.PlanEntries.CountAsync(e => e.StudentId == s.StudentId)));
    }

    [Fact]
    public async Task The_paired_counsellor_sees_the_plan_without_casework_and_may_only_advise()
    {
        var s = await SceneAsync();
        using var pages = await SignedInAsync(s.PartnerEmail);
        var home = await pages.GetAsync("/counsellor");
        var link = home.Document.QuerySelectorAll("[data-testid=partner] a").Single(a => a.GetAttribute("href")!.StartsWith("/counsellor/pairs/", StringComparison.Ordinal));
        Assert.Equal($"/counsellor/pairs/{s.CounsellorPairId}", link.GetAttribute("href"));

        var theirs = await pages.GetAsync(link.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, theirs.Status);
        Assert.Equal([s.StudentId, s.OtherId], theirs.Document.QuerySelectorAll("[data-testid=ledger] tbody tr")
            .Select(r => Guid.Parse(r.GetAttribute("data-student-id")!)).Order());
        Assert.DoesNotContain("建档立卡贫困家庭", theirs.Document.Body!.TextContent, StringComparison.Ordinal);

        var plan = await pages.GetAsync($"/counsellor/students/{s.StudentId}");
        Assert.Equal(HttpStatusCode.OK, plan.Status);
        Assert.NotNull(plan.Document.QuerySelector("[data-testid=partner-notice]"));
        Assert.Null(plan.Document.QuerySelector("[data-testid=key-groups]"));
        Assert.DoesNotContain("家庭经济困难", plan.Document.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("修改简历", plan.Document.QuerySelector("[data-testid=open-actions]")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(plan.Document.QuerySelectorAll("[data-testid=open-actions] button"));
        foreach (var own in new[] { "plan-action", "plan-contact", "plan-note" })
            Assert.Throws<Xunit.Sdk.XunitException>(() => plan.Form(own));

        var advised = await pages.SubmitAsync(plan, "plan-advice", new Dictionary<string, string> { ["Advice.Text"] = "可关注江苏的软件企业" });
        Assert.Equal(HttpStatusCode.Found, advised.Status);
        var advice = await s.Own.GetJsonAsync($"/api/students/{s.StudentId}/plan");
        Assert.Contains(advice["entries"]!.AsArray(), e => (string)e!["kind"]! == "advice" && (string)e["author"]!["name"]! == "周老师");
    }

    [Fact]
    public async Task Nobody_else_reaches_a_graduates_plan_or_the_counsellor_pages()
    {
        var s = await SceneAsync();
        var audited = await app.WithDb(db => db.AuditEntries.CountAsync(a => a.SubjectId == s.StudentId));
        using (var outsider = await SignedInAsync(s.OutsiderEmail))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/counsellor/students/{s.StudentId}")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/counsellor/pairs/{s.CounsellorPairId}")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/counsellor/students/{Guid.NewGuid()}")).Status);
        }
        var (recruiter, _) = await app.RecruiterAsync();
        using (var employer = await SignedInAsync(recruiter.Email!))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await employer.GetAsync($"/counsellor/students/{s.StudentId}")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await employer.GetAsync("/counsellor")).Status);
        }
        using var anonymous = Pages.For(app);
        var signIn = await anonymous.GetAsync($"/counsellor/students/{s.StudentId}");
        Assert.Equal(HttpStatusCode.Found, signIn.Status);
        Assert.StartsWith("/login?returnUrl=", signIn.Location, StringComparison.Ordinal);
        // Turned away, nobody read the entry: no read was recorded.
        Assert.Equal(audited, await app.WithDb(db => db.AuditEntries.CountAsync(a => a.SubjectId == s.StudentId)));
    }
}
