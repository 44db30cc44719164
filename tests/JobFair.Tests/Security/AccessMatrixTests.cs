using System.Net;
using JobFair.Tests.Support;

namespace JobFair.Tests.Security;

/// <summary>
/// Every route that shows or changes someone's application, resume or roster, walked as every
/// kind of caller with objects that belong to someone else: exactly the contract's readers get
/// through, others learn nothing (404 where the object is not theirs to know, 401/403 otherwise)
/// and no response to an outsider carries the student's phone number.
/// </summary>
public sealed class AccessMatrixTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    private const string Phone = "13800138000";

    [Fact]
    public async Task Personal_data_reaches_exactly_the_callers_the_contract_allows()
    {
        var scene = await app.FairSceneAsync();
        var (owner, _, resume) = await app.ApplicantAsync(scene, "隐私测试");
        var application = await owner.AppliedAsync(scene, resume);
        var ownCentre = scene.Host;
        var (classmate, _) = await app.StudentAsync(scene.SupportedId, scene.Host);
        var (otherRecruiter, _) = await app.RecruiterAsync();
        var otherCentre = await app.CentreAsync(scene.SupportingId);
        var admin = await app.AdminAsync();
        var user = await app.RegisterAsync();
        var anonymous = app.Anonymous();
        var callers = new Dictionary<string, Api>
        {
            ["owner"] = owner, ["recruiter"] = scene.Recruiter, ["ownCentre"] = ownCentre, ["classmate"] = classmate,
            ["otherRecruiter"] = otherRecruiter, ["otherCentre"] = otherCentre, ["admin"] = admin, ["user"] = user, ["anonymous"] = anonymous,
        };
        var roster = $"/api/universities/{scene.SupportedId}";

        // route -> who gets which status (everyone not named gets the default).
        var matrix = new Route[]
        {
            ("GET", $"/api/resumes/{resume}/file", null, HttpStatusCode.NotFound, new()
                { ["owner"] = HttpStatusCode.OK, ["recruiter"] = HttpStatusCode.OK, ["ownCentre"] = HttpStatusCode.OK, ["anonymous"] = HttpStatusCode.Unauthorized }),
            ("POST", $"/api/applications/{application}/status", new { status = "viewed" }, HttpStatusCode.NotFound, new()
                { ["recruiter"] = HttpStatusCode.OK, ["owner"] = HttpStatusCode.Conflict, ["anonymous"] = HttpStatusCode.Unauthorized }),
            ("POST", $"/api/applications/{application}/invite", new { message = "x" }, HttpStatusCode.Forbidden, new()
                { ["recruiter"] = HttpStatusCode.OK, ["otherRecruiter"] = HttpStatusCode.NotFound, ["anonymous"] = HttpStatusCode.Unauthorized }),
            ("GET", $"{roster}/applications?positionId={scene.PositionId}", null, HttpStatusCode.Forbidden, new()
                { ["ownCentre"] = HttpStatusCode.OK, ["anonymous"] = HttpStatusCode.Unauthorized }),
            ("GET", $"/api/fairs/{scene.FairId}/participations", null, HttpStatusCode.Forbidden, new()
                { ["ownCentre"] = HttpStatusCode.OK, ["otherCentre"] = HttpStatusCode.OK, ["anonymous"] = HttpStatusCode.Unauthorized }),
            ("POST", $"{roster}/roster", null, HttpStatusCode.Forbidden, new()
                { ["ownCentre"] = HttpStatusCode.UnsupportedMediaType, ["anonymous"] = HttpStatusCode.Unauthorized }),
            ("POST", $"/api/positions/{scene.PositionId}/fairs", new { fairId = scene.FairId }, HttpStatusCode.Forbidden, new()
                { ["recruiter"] = HttpStatusCode.OK, ["otherRecruiter"] = HttpStatusCode.NotFound, ["anonymous"] = HttpStatusCode.Unauthorized }),
            ("POST", $"/api/fairs/{scene.FairId}/participations/{scene.EmployerId}/decision", new { approve = true }, HttpStatusCode.Forbidden, new()
                { ["ownCentre"] = HttpStatusCode.Conflict, ["otherCentre"] = HttpStatusCode.Conflict, ["anonymous"] = HttpStatusCode.Unauthorized }),
            ("DELETE", $"/api/students/me/resumes/{resume}", null, HttpStatusCode.Forbidden, new()
                { ["owner"] = HttpStatusCode.NoContent, ["classmate"] = HttpStatusCode.NotFound, ["anonymous"] = HttpStatusCode.Unauthorized }),
            // These change state, so they come last: the first caller allowed wins, the next finds it done.
            ("POST", $"/api/positions/{scene.PositionId}/close", null, HttpStatusCode.Forbidden, new()
                { ["recruiter"] = HttpStatusCode.OK, ["otherRecruiter"] = HttpStatusCode.NotFound, ["anonymous"] = HttpStatusCode.Unauthorized }),
            ("POST", $"/api/fairs/{scene.FairId}/close", null, HttpStatusCode.Forbidden, new()
                { ["ownCentre"] = HttpStatusCode.OK, ["otherCentre"] = HttpStatusCode.Conflict, ["anonymous"] = HttpStatusCode.Unauthorized }),
        };

        var leaks = await WalkAsync(matrix, callers);

        // Lists never show another student's or another employer's applications.
        Assert.Equal(0, (int)(await classmate.GetJsonAsync("/api/students/me/applications"))["total"]!);
        Assert.Equal(0, (int)(await otherRecruiter.GetJsonAsync("/api/employers/me/applications"))["total"]!);
        Assert.Equal(0, (int)(await classmate.GetJsonAsync("/api/students/me/resume-access"))["total"]!);
        foreach (var (name, caller) in callers.Where(c => c.Key is not ("owner" or "ownCentre")))
        {
            var me = await caller.GetAsync("/api/students/me");
            if ((await me.Content.ReadAsStringAsync()).Contains(Phone, StringComparison.Ordinal) && name != "classmate")
                leaks.Add($"{name} GET /api/students/me carries the phone number");
        }
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    private sealed record Route(string Method, string Url, object? Body, HttpStatusCode Default, Dictionary<string, HttpStatusCode> Expected)
    {
        public static implicit operator Route((string, string, object?, HttpStatusCode, Dictionary<string, HttpStatusCode>) r) =>
            new(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5);
    }

    /// <summary>Each route as each caller, in order: what differs from the expected status, and any phone number shown to an outsider.</summary>
    private static async Task<List<string>> WalkAsync(IEnumerable<Route> matrix, Dictionary<string, Api> callers)
    {
        var leaks = new List<string>();
        foreach (var (method, url, body, fallback, expected) in matrix)
            foreach (var (name, caller) in callers)
            {
                var response = method switch
                {
                    "GET" => await caller.GetAsync(url),
                    "DELETE" => await caller.Http.DeleteAsync(new Uri(url, UriKind.Relative)),
                    _ => await caller.PostAsync(url, body),
                };
                var want = expected.GetValueOrDefault(name, fallback);
                if (response.StatusCode != want)
                    leaks.Add($"{name} {method} {url}: expected {(int)want}, got {(int)response.StatusCode}");
                var text = response.Content.Headers.ContentType?.MediaType == "application/pdf" ? "" : await response.Content.ReadAsStringAsync();
                if (name is not ("owner" or "ownCentre") && text.Contains(Phone, StringComparison.Ordinal))
                    leaks.Add($"{name} {method} {url}: response carries the phone number");
            }
        return leaks;
    }

    [Fact]
    public async Task Interview_slots_and_bookings_reach_exactly_their_two_sides()
    {
        var scene = await app.FairSceneAsync();
        var slots = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(InterviewWorld.HoursAhead(3), 2));
        var owner = await app.InviteeAsync(scene, "隐私测试");
        var booking = (string)(await owner.BookedAsync(slots[0]))["id"]!;
        var (classmate, _) = await app.StudentAsync(scene.SupportedId, scene.Host);
        var (otherRecruiter, _) = await app.RecruiterAsync();
        var callers = new Dictionary<string, Api>
        {
            ["owner"] = owner.Student, ["recruiter"] = scene.Recruiter, ["ownCentre"] = scene.Host, ["classmate"] = classmate,
            ["otherRecruiter"] = otherRecruiter, ["otherCentre"] = await app.CentreAsync(scene.SupportingId), ["admin"] = await app.AdminAsync(),
            ["user"] = await app.RegisterAsync(), ["anonymous"] = app.Anonymous(),
        };
        var theTwo = (HttpStatusCode status) => new Dictionary<string, HttpStatusCode>
            { ["owner"] = status, ["recruiter"] = status, ["anonymous"] = HttpStatusCode.Unauthorized };
        var url = $"/api/bookings/{booking}";

        var matrix = new Route[]
        {
            ("GET", $"/api/positions/{scene.PositionId}/slots", null, HttpStatusCode.Forbidden, theTwo(HttpStatusCode.OK)),
            ("GET", url, null, HttpStatusCode.NotFound, theTwo(HttpStatusCode.OK)),
            ("GET", url + "/calendar.ics", null, HttpStatusCode.NotFound, theTwo(HttpStatusCode.OK)),
            ("GET", url + "/room", null, HttpStatusCode.NotFound, theTwo(HttpStatusCode.Conflict)),
            ("POST", url + "/outcome", new { outcome = "no_show" }, HttpStatusCode.Forbidden, new()
                { ["recruiter"] = HttpStatusCode.Conflict, ["otherRecruiter"] = HttpStatusCode.NotFound, ["anonymous"] = HttpStatusCode.Unauthorized }),
            ("GET", $"/api/universities/{scene.SupportedId}/no-shows", null, HttpStatusCode.Forbidden, new()
                { ["ownCentre"] = HttpStatusCode.OK, ["anonymous"] = HttpStatusCode.Unauthorized }),
            ("POST", $"/api/slots/{slots[1]}/bookings", new { applicationId = owner.ApplicationId }, HttpStatusCode.Forbidden, new()
                { ["owner"] = HttpStatusCode.Conflict, ["classmate"] = HttpStatusCode.NotFound, ["anonymous"] = HttpStatusCode.Unauthorized }),
            // State changes last: the owner moves it, the recruiter's same move changes nothing; then both cancel.
            ("POST", url + "/reschedule", new { slotId = slots[1] }, HttpStatusCode.NotFound, theTwo(HttpStatusCode.OK)),
            ("DELETE", url, null, HttpStatusCode.NotFound, theTwo(HttpStatusCode.NoContent)),
        };
        var leaks = await WalkAsync(matrix, callers);

        Assert.Equal(0, (int)(await classmate.GetJsonAsync("/api/students/me/bookings"))["total"]!);
        Assert.Equal(0, (int)(await otherRecruiter.GetJsonAsync("/api/employers/me/bookings"))["total"]!);
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }
}
