using System.Net;
using JobFair.Tests.Support;

namespace JobFair.Tests.Guidance;

/// <summary>The ledger's follow-up lists: overdue actions, graduates not contacted for a week, and where each graduate stands.</summary>
public sealed class LedgerFollowUpTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task Overdue_actions_and_graduates_not_contacted_for_seven_days_come_up_as_time_passes()
    {
        // A fair of the pair, so that one graduate can sign an offer and another hold one.
        var scene = await app.FairSceneAsync();
        var major = GuidanceWorld.NewMajor();
        var (counsellor, _) = await app.CounsellorAsync(scene.Host, scene.SupportedId, "吴老师", major);
        var (signer, signerId) = await app.StudentAsync(scene.SupportedId, scene.Host, "签约同学", major);
        var (offered, offeredId) = await app.StudentAsync(scene.SupportedId, scene.Host, "录用同学", major);
        foreach (var (student, signs) in new[] { (signer, true), (offered, false) })
        {
            var application = await student.AppliedAsync(scene, await student.UploadResumeAsync());
            await scene.Recruiter.InviteAsync(application);
            await Api.Expect(await scene.Recruiter.SetStatusAsync(application, "offered"), HttpStatusCode.OK);
            if (signs) await Api.Expect(await student.SetStatusAsync(application, "accepted"), HttpStatusCode.OK);
        }
        var graduates = await scene.Host.GraduatesAsync(scene.SupportedId, major, 2, "跟进同学");
        var (called, silent) = (graduates[0], graduates[1]);
        var clock = app.Clock!;
        await counsellor.LogContactAsync(called, clock.GetUtcNow().AddMinutes(-5));
        var soon = await counsellor.AddActionAsync(called, clock.GetUtcNow().AddDays(2), "推荐两个对口岗位");
        await counsellor.AddActionAsync(silent, clock.GetUtcNow().AddDays(10), "约谈求职意向");

        var all = await counsellor.LedgerAsync();
        Assert.Equal(4, (int)all["total"]!);
        var signerRow = all.Items().Single(i => (string)i!["studentId"]! == signerId.ToString())!;
        Assert.Equal((1, 1, 1, 1, "signed"), ((int)signerRow["applications"]!, (int)signerRow["interviews"]!, (int)signerRow["offers"]!,
            (int)signerRow["signed"]!, (string)signerRow["status"]!));
        Assert.Equal([signerId], (await counsellor.LedgerAsync("&status=signed")).StudentIds());
        Assert.Equal([offeredId], (await counsellor.LedgerAsync("&status=offered")).StudentIds());
        GuidanceWorld.SameStudents([called, silent], await counsellor.LedgerAsync("&status=looking"));
        Assert.Empty((await counsellor.LedgerAsync("&overdue=true")).Items());
        // Never contacted and still looking: on the list at once (the graduate who signed is not).
        GuidanceWorld.SameStudents([offeredId, silent], await counsellor.LedgerAsync("&uncontacted=true"));
        Assert.Equal(1, (int)all.Items().Single(i => (string)i!["studentId"]! == called.ToString())!["openActions"]!);

        clock.Advance(TimeSpan.FromDays(3));
        await counsellor.SignInAsync(); // tokens expire with the clock
        Assert.Equal([called], (await counsellor.LedgerAsync("&overdue=true")).StudentIds());
        var overdue = await counsellor.GetJsonAsync("/api/counsellors/me/actions?overdue=true");
        Assert.Equal([soon.ToString()], overdue.Items().Select(a => (string)a!["id"]!));
        Assert.True((bool)overdue.Items()[0]!["overdue"]!);
        Assert.Equal(2, (int)(await counsellor.GetJsonAsync("/api/counsellors/me/actions"))["total"]!);
        Assert.DoesNotContain(called, (await counsellor.LedgerAsync("&uncontacted=true")).StudentIds());

        clock.Advance(TimeSpan.FromDays(5));
        await counsellor.SignInAsync();
        GuidanceWorld.SameStudents([called, offeredId, silent], await counsellor.LedgerAsync("&uncontacted=true"));
        Assert.Equal([called], (await counsellor.LedgerAsync("&overdue=true")).StudentIds());

        // Done: off the overdue list; a second tick is refused; a fresh contact takes the graduate off the other list.
        var done = await Api.Expect(await counsellor.PostAsync($"/api/students/{called}/plan/actions/{soon}/done", null), HttpStatusCode.OK);
        Assert.NotNull(done["doneAt"]);
        await Api.ExpectProblem(await counsellor.PostAsync($"/api/students/{called}/plan/actions/{soon}/done", null), HttpStatusCode.Conflict, "already_done");
        await Api.ExpectProblem(await counsellor.PostAsync($"/api/students/{silent}/plan/actions/{soon}/done", null), HttpStatusCode.NotFound);
        Assert.Empty((await counsellor.LedgerAsync("&overdue=true")).Items());
        await counsellor.LogContactAsync(called, clock.GetUtcNow());
        GuidanceWorld.SameStudents([offeredId, silent], await counsellor.LedgerAsync("&uncontacted=true"));
        // Least recently contacted first, the never contacted before them.
        var order = (await counsellor.LedgerAsync()).Items().Select(i => Guid.Parse((string)i!["studentId"]!)).ToList();
        Assert.Equal(called, order[^1]);
    }
}
