using System.Net;
using JobFair.Tests.Support;

namespace JobFair.Tests.Web;

/// <summary>
/// The recruiter's pages as served, without a browser: what the use cases refuse shows on the form
/// (beside its field when it concerns one, in the reader's language) and changes nothing.
/// </summary>
public sealed class EmployerPageTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private static Dictionary<string, string> Fields(params (string Name, string Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value);

    /// <summary>The error shown beside a field, without the prefix said only to screen readers ("错误：").</summary>
    private static string? FieldError(Pages.Page page, string id)
    {
        var error = page.Document.QuerySelector($"#{id}")?.Closest(".field")?.QuerySelector(".field__error");
        if (error is null) return null;
        var spoken = error.QuerySelector(".visually-hidden")?.TextContent ?? "";
        Assert.Equal("错误：", spoken);
        return error.TextContent[spoken.Length..].Trim();
    }

    private static Dictionary<string, string> Employer(string creditCode) => Fields(
        ("Input.Name", "江城软件有限公司"), ("Input.CreditCode", creditCode), ("Input.Industry", "软件和信息技术服务业"),
        ("Input.City", "武汉"), ("Input.Size", "100-499人"));

    [Fact]
    public async Task Registering_an_employer_with_a_bad_or_taken_credit_code_is_refused_beside_the_field_and_gives_no_role()
    {
        using var api = await app.RegisterAsync();
        using var pages = Pages.For(app);
        await pages.SignInAsync(api.Email!);
        var form = await pages.GetAsync("/employer");
        Assert.Equal("注册用人单位", form.Heading);

        var code = FairWorld.NewCreditCode();
        var badCode = code[..17] + (code[17] == '0' ? '1' : '0');
        var refused = await pages.SubmitAsync(form, "register-employer", Employer(badCode));
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.StartsWith("统一社会信用代码无效", FieldError(refused, "creditCode"));
        Assert.Equal("true", refused.Document.QuerySelector("#creditCode")!.GetAttribute("aria-invalid"));
        Assert.Contains(refused.Errors, e => e.StartsWith("统一社会信用代码无效", StringComparison.Ordinal));

        // Someone registered this code already (through the API).
        using (var other = await app.RegisterAsync())
            await Api.Expect(await other.PostAsync("/api/employers", new { name = "先到公司", creditCode = code, industry = "制造业", city = "武汉", size = "50人" }),
                HttpStatusCode.Created);
        var taken = await pages.SubmitAsync(form, "register-employer", Employer(code));
        Assert.Equal("这家单位已经注册。请联系单位已有的招聘人员邀请您加入。", FieldError(taken, "creditCode"));
        Assert.Empty((await api.GetJsonAsync("/api/me"))["roles"]!.AsArray());

        // The same form, well filled, makes the account a recruiter and shows its start page.
        var done = await pages.SubmitAsync(form, "register-employer", Employer(FairWorld.NewCreditCode()));
        Assert.Equal("/employer", done.Location);
        Assert.Equal("江城软件有限公司", (await pages.FollowAsync(done)).Heading);
    }

    [Fact]
    public async Task Asking_twice_to_join_a_fair_says_that_the_request_is_waiting()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        var fairId = await centre.CreateFairAsync(pairId, "重复申请测试双选会");
        var (recruiter, _) = await app.RecruiterAsync();
        using var _r = recruiter;
        using var pages = Pages.For(app);
        await pages.SignInAsync(recruiter.Email!);
        var list = await pages.GetAsync("/employer/fairs");

        var asked = await pages.SubmitAsync(list, "fairs", Fields(("Act.Join", fairId.ToString()), ($"message-{fairId}", "请审核")));
        Assert.Equal(HttpStatusCode.Found, asked.Status);
        var again = await pages.SubmitAsync(list, "fairs", Fields(("Act.Join", fairId.ToString()), ($"message-{fairId}", "再次申请")));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(["贵单位已提交参会申请，请等待主办方审核。"], again.Errors);
    }

    [Fact]
    public async Task A_position_for_a_fair_that_has_not_approved_the_employer_or_with_bad_figures_is_refused_and_not_posted()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        using var centre = await app.CentreAsync(supported);
        var fairId = await centre.CreateFairAsync(pairId, "未获批测试双选会");
        var (recruiter, _) = await app.RecruiterAsync();
        using var _r = recruiter;
        using var pages = Pages.For(app);
        await pages.SignInAsync(recruiter.Email!);
        var form = await pages.GetAsync("/employer/positions/new");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Null(form.Document.QuerySelector($"input[name=fairIds][value='{fairId}']")); // only approved fairs are offered

        var position = Fields(("Input.Title", "测试工程师"), ("Input.Description", "测试"), ("Input.City", "武汉"), ("Input.Majors", "软件工程"),
            ("Input.Degree", "bachelor"), ("Input.Openings", "2"), ("Input.SalaryMin", "6000"), ("Input.SalaryMax", "9000"), ("fairIds", fairId.ToString()));
        var notApproved = await pages.SubmitAsync(form, "position", position);
        Assert.Equal(HttpStatusCode.OK, notApproved.Status);
        Assert.Equal(["贵单位尚未获准参加所选的全部双选会。"], notApproved.Errors);

        position.Remove("fairIds");
        position["Input.Openings"] = "两个";
        position["Input.SalaryMax"] = "5000";
        var badNumber = await pages.SubmitAsync(form, "position", position);
        Assert.Equal("请输入整数", FieldError(badNumber, "openings"));
        position["Input.Openings"] = "2";
        var belowMinimum = await pages.SubmitAsync(form, "position", position);
        Assert.Equal("最高薪资不能低于最低薪资。", FieldError(belowMinimum, "salaryMax"));

        Assert.Equal(0, (int)(await recruiter.GetJsonAsync("/api/employers/me/positions"))["total"]!);

        // Well filled (no fair yet, a closing date): posted, closing at the end of that day in the reader's zone.
        position["Input.SalaryMax"] = "9000";
        position["Input.ClosesAt"] = "2099-06-30";
        var posted = await pages.SubmitAsync(form, "position", position);
        Assert.Equal(HttpStatusCode.Found, posted.Status);
        var stored = (await recruiter.GetJsonAsync("/api/employers/me/positions")).Items().Single()!;
        Assert.Equal($"/employer/positions/{(string)stored["id"]!}?saved=true", posted.Location);
        Assert.Equal(new DateTimeOffset(2099, 6, 30, 16, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse((string)stored["closesAt"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_move_the_transition_table_forbids_is_refused_on_the_form_and_another_employers_application_is_not_found()
    {
        var scene = await app.FairSceneAsync();
        var (student, _, resumeId) = await app.ApplicantAsync(scene);
        using var _s = student;
        var applicationId = await student.AppliedAsync(scene, resumeId);
        using var pages = Pages.For(app);
        await pages.SignInAsync(scene.Recruiter.Email!);
        var page = await pages.GetAsync($"/employer/applications/{applicationId}");
        Assert.Equal("张三", page.Heading);
        Assert.Equal($"/resumes/{resumeId}", page.Document.QuerySelector("a[href^='/resumes/']")!.GetAttribute("href"));

        // Offering straight from "submitted" is not in the table (the form does not offer it; a stale page might).
        var refused = await pages.SubmitAsync(page, "move", Fields(("MoveInput.Status", "offered"), ("MoveInput.Note", "直接录用")));
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("当前状态下不能进行这项操作，请刷新页面查看最新状态。", FieldError(refused, "status"));
        var stored = await scene.Recruiter.GetJsonAsync($"/api/employers/me/applications/{applicationId}");
        Assert.Equal("submitted", (string)stored["application"]!["status"]!);

        var moved = await pages.SubmitAsync(page, "move", Fields(("MoveInput.Status", "shortlisted"), ("MoveInput.Note", "基础扎实")));
        Assert.Equal($"/employer/applications/{applicationId}?done=shortlisted", moved.Location);
        Assert.Equal("shortlisted", (await pages.FollowAsync(moved)).Document.QuerySelector("[data-testid=application-status]")!.GetAttribute("data-status"));

        var (other, _) = await app.RecruiterAsync();
        using var _o = other;
        using var outsider = Pages.For(app);
        await outsider.SignInAsync(other.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/employer/applications/{applicationId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/employer/positions/{scene.PositionId}/slots")).Status);
    }

    [Fact]
    public async Task The_slot_generator_previews_without_publishing_and_refuses_a_span_in_the_past_beside_its_field()
    {
        var scene = await app.FairSceneAsync(startHours: -1);
        using var pages = Pages.For(app);
        await pages.SignInAsync(scene.Recruiter.Email!);
        var page = await pages.GetAsync($"/employer/positions/{scene.PositionId}/slots");
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, shanghai);
        Dictionary<string, string> Generator(DateTimeOffset day, string action) => Fields(("Input.Day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("Input.From", "09:00"),
            ("Input.To", "10:00"), ("Input.Minutes", "20"), ("Input.GapMinutes", "0"), ("Input.Capacity", "1"), ("Input.Action", action));

        var past = await pages.SubmitAsync(page, "slots", Generator(today.AddDays(-1), "preview"));
        Assert.Equal(HttpStatusCode.OK, past.Status);
        Assert.Equal("开始时间已经过去。", FieldError(past, "from"));

        var preview = await pages.SubmitAsync(page, "slots", Generator(today.AddDays(1), "preview"));
        Assert.Empty(preview.Errors);
        Assert.Equal(3, preview.Document.QuerySelectorAll("[data-testid=slot-preview] li").Length);
        Assert.Equal(0, (int)(await scene.Recruiter.GetJsonAsync($"/api/positions/{scene.PositionId}/slots"))["total"]!);

        var published = await pages.SubmitAsync(preview, "slots", Generator(today.AddDays(1), "publish"));
        Assert.Equal($"/employer/positions/{scene.PositionId}/slots?published=3", published.Location);
        Assert.Equal(3, (int)(await scene.Recruiter.GetJsonAsync($"/api/positions/{scene.PositionId}/slots"))["total"]!);
    }

    [Fact]
    public async Task The_interviews_page_lists_bookings_by_day_refuses_an_outcome_before_the_start_and_cancels_in_English_too()
    {
        var scene = await app.FairSceneAsync(startHours: -1);
        var invitee = await app.InviteeAsync(scene, "王芳");
        using var _s = invitee.Student;
        var slotId = (await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 1)))[0];
        var bookingId = (string)(await invitee.BookedAsync(slotId))["id"]!;
        using var pages = Pages.For(app);
        await pages.SignInAsync(scene.Recruiter.Email!);
        var list = await pages.GetAsync("/employer/interviews");
        var card = list.Document.QuerySelector($"[data-booking-id='{bookingId}']")!;
        Assert.Contains("王芳", card.TextContent, StringComparison.Ordinal);
        Assert.Equal("booked", card.GetAttribute("data-status"));
        Assert.Equal($"/api/bookings/{bookingId}/calendar.ics", card.QuerySelector("a[href$='.ics']")!.GetAttribute("href"));
        Assert.Null(card.QuerySelector("button[name='Act.Completed']")); // not started: no outcome offered

        // A page left open since before the start would offer it: the use case refuses.
        var early = await pages.SubmitAsync(list, "bookings", Fields(("Act.Completed", bookingId)));
        Assert.Equal(HttpStatusCode.OK, early.Status);
        Assert.Equal(["面试开始后才能记录结果。"], early.Errors);

        // In English, the same list; cancelling frees the seat.
        Assert.Equal(HttpStatusCode.Found, (await pages.GetAsync("/language/en?returnUrl=/employer/interviews")).Status);
        var english = await pages.GetAsync("/employer/interviews");
        Assert.Equal("Interviews", english.Heading);
        Assert.Equal("en", english.Language);
        var cancelled = await pages.SubmitAsync(english, "bookings", Fields(("Act.Cancel", bookingId)));
        Assert.Equal(HttpStatusCode.Found, cancelled.Status);
        Assert.Equal("Updated.", (await pages.FollowAsync(cancelled)).Document.QuerySelector("main [role=status]")!.TextContent.Trim());
        Assert.Equal(0, (int)(await scene.Recruiter.SlotAsync(scene.PositionId, slotId))["booked"]!);
    }

    [Fact]
    public async Task A_recruiter_invites_a_colleague_whose_code_makes_them_a_recruiter_once()
    {
        var (recruiter, employerId) = await app.RecruiterAsync("同事邀请测试有限公司");
        using var _r = recruiter;
        using var pages = Pages.For(app);
        await pages.SignInAsync(recruiter.Email!);
        var home = await pages.GetAsync("/employer");
        var bad = await pages.SubmitAsync(home, "invite-colleague", Fields(("InviteInput.Email", "不是邮箱")));
        Assert.NotNull(FieldError(bad, "email"));
        using var colleague = await app.RegisterAsync();
        var invited = await pages.SubmitAsync(home, "invite-colleague", Fields(("InviteInput.Email", colleague.Email!)));
        var code = invited.Document.QuerySelector("[data-testid=invitation-code]")!.TextContent.Trim();
        Assert.Equal(40, code.Length);

        using var theirs = Pages.For(app);
        await theirs.SignInAsync(colleague.Email!);
        var join = await theirs.GetAsync("/employer");
        var wrong = await theirs.SubmitAsync(join, "join-employer", Fields(("JoinInput.Code", new string('0', 40))));
        Assert.Equal("找不到相关内容，可能已被删除。", FieldError(wrong, "code"));
        var joined = await theirs.SubmitAsync(join, "join-employer", Fields(("JoinInput.Code", code)));
        Assert.Equal("/employer", joined.Location);
        Assert.Equal("同事邀请测试有限公司", (await theirs.FollowAsync(joined)).Heading);
        Assert.Equal(employerId.ToString(), (string)(await colleague.GetJsonAsync("/api/me"))["employerId"]!);
    }
}
