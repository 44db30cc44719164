using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace JobFair.Tests.Support;

/// <summary>
/// The server for the booth tests: many students sign up from this one test address (sign-in
/// limits raised), and its clock stands still until a test moves it (the 60-second calls, talk lengths).
/// </summary>
public class BoothApp : JobFairApp
{
    public BoothApp() => Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("RateLimits:SignInBurst", "100000"), new("RateLimits:SignInPerMinute", "100000")];
}

/// <summary>The same on Kestrel, for hub clients over real WebSockets (on the system clock).</summary>
public sealed class LiveBoothApp : LiveApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("RateLimits:SignInBurst", "100000"), new("RateLimits:SignInPerMinute", "100000")];
}

/// <summary>The same on Kestrel with a clock that stands still until a test moves it: what the clock ends, heard over real WebSockets.</summary>
public sealed class ClockedLiveBoothApp : LiveApp
{
    public ClockedLiveBoothApp() => Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("RateLimits:SignInBurst", "100000"), new("RateLimits:SignInPerMinute", "100000")];
}

/// <summary>Booths and their lines, through the public API.</summary>
public static class BoothWorld
{
    public static string Booth(this FairScene scene, Guid? employerId = null) => $"/api/fairs/{scene.FairId}/booths/{employerId ?? scene.EmployerId}";

    public static string Line(this FairScene scene, Guid? employerId = null) => scene.Booth(employerId) + "/queue";

    public static Task<HttpResponseMessage> SetBoothAsync(this Api recruiter, FairScene scene, object body, Guid? employerId = null) =>
        recruiter.Http.PutAsJsonAsync(new Uri(scene.Booth(employerId), UriKind.Relative), body);

    public static async Task<JsonNode> OpenBoothAsync(this Api recruiter, FairScene scene, int cap = 100, int minutesPerTalk = 10,
        Guid? employerId = null) =>
        await Api.Expect(await recruiter.SetBoothAsync(scene, new { open = true, cap, minutesPerTalk }, employerId), HttpStatusCode.OK);

    public static Task<HttpResponseMessage> JoinAsync(this Api student, FairScene scene, Guid? employerId = null) =>
        student.PostAsync(scene.Line(employerId), null);

    public static async Task<JsonNode> JoinedAsync(this Api student, FairScene scene, Guid? employerId = null) =>
        await Api.Expect(await student.JoinAsync(scene, employerId), HttpStatusCode.Created);

    public static Task<HttpResponseMessage> LeaveAsync(this Api student, FairScene scene, Guid? employerId = null) =>
        student.Http.DeleteAsync(new Uri(scene.Line(employerId), UriKind.Relative));

    public static Task<HttpResponseMessage> NextAsync(this Api recruiter, FairScene scene, Guid? employerId = null) =>
        recruiter.PostAsync(scene.Line(employerId) + "/next", null);

    public static async Task<JsonNode> CalledAsync(this Api recruiter, FairScene scene, Guid? employerId = null) =>
        await Api.Expect(await recruiter.NextAsync(scene, employerId), HttpStatusCode.OK);

    public static Task<HttpResponseMessage> SkipAsync(this Api recruiter, FairScene scene, Guid entryId) =>
        recruiter.PostAsync($"{scene.Line()}/{entryId}/skip", null);

    public static Task<HttpResponseMessage> DoneAsync(this Api recruiter, FairScene scene, Guid entryId) =>
        recruiter.PostAsync($"{scene.Line()}/{entryId}/done", null);

    public static Task<HttpResponseMessage> EnterAsync(this Api student, FairScene scene, Guid? employerId = null) =>
        student.PostAsync(scene.Line(employerId) + "/enter", null);

    /// <summary>The student's own entry at the booth.</summary>
    public static Task<JsonNode> MyEntryAsync(this Api student, FairScene scene, Guid? employerId = null) =>
        student.GetJsonAsync(scene.Line(employerId));

    public static Guid Id(this JsonNode node, string member = "id") => Guid.Parse((string)node[member]!);

    /// <summary>Another approved employer of the scene's fair, with its recruiter.</summary>
    public static async Task<(Api Recruiter, Guid EmployerId)> SecondEmployerAsync(this JobFairApp app, FairScene scene, string? name = null)
    {
        var (recruiter, employerId) = await app.RecruiterAsync(name);
        await scene.Host.ApproveAsync(recruiter, scene.FairId, employerId);
        return (recruiter, employerId);
    }

    /// <summary>Verified students of the fair's supported university: one roster file, then sign-ups a few at a time.</summary>
    public static async Task<List<Api>> StudentsAsync(this JobFairApp app, FairScene scene, int count, string major = "软件工程")
    {
        var roster = Enumerable.Range(0, count).Select(i => (No: StudentWorld.NewStudentNo(), Name: $"排队学生{i:D3}")).ToList();
        var codes = await scene.Host.ImportRosterCodesAsync(scene.SupportedId,
            StudentWorld.RosterHeader + "\n" + string.Join("\n", roster.Select(r => $"{r.No},{r.Name},{major},bachelor,2020")));
        var students = new ConcurrentDictionary<int, Api>();
        await Parallel.ForEachAsync(roster.Select((r, i) => (r, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (row, ct) =>
        {
            var student = await app.RegisterAsync(Callers.NewEmail("walkup"));
            await Api.Expect(await student.ClaimAsync(scene.SupportedId, row.r.No, row.r.Name, codes[row.r.No], phone: null), HttpStatusCode.OK);
            await student.RefreshAsync();
            students[row.i] = student;
        });
        return students.OrderBy(s => s.Key).Select(s => s.Value).ToList();
    }

    /// <summary>Another recruiter of the scene's employer, invited by the first.</summary>
    public static async Task<Api> ColleagueAsync(this JobFairApp app, FairScene scene)
    {
        var email = Callers.NewEmail("colleague");
        var invitation = await Api.Expect(await scene.Recruiter.PostAsync("/api/employers/me/invitations", new { email }), HttpStatusCode.Created);
        var colleague = await app.RegisterAsync(email);
        await Api.Expect(await colleague.PostAsync($"/api/employers/invitations/{(string)invitation["code"]!}/accept", null), HttpStatusCode.OK);
        await colleague.RefreshAsync();
        return colleague;
    }
}
