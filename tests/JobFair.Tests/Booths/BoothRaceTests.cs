using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using JobFair.Server.Features.Fairs.Booths;
using JobFair.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace JobFair.Tests.Booths;

/// <summary>
/// The line under the crowds of a fair day: many students pressing "join" in the same moment,
/// students trying more lines than allowed at once, recruiters pressing "next" together. The
/// database decides each race; nobody ever shares a place, jumps the line or is called twice.
/// </summary>
public sealed class BoothRaceTests(BoothApp app, ITestOutputHelper output) : IClassFixture<BoothApp>
{
    [Fact]
    public async Task Eighty_students_joining_a_line_of_sixty_at_once_hold_sixty_distinct_places_in_arrival_order()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene, cap: 60);
        var students = await app.StudentsAsync(scene, 80);
        var clock = Stopwatch.StartNew();

        var answers = await AllAtOnceAsync(students.Select(s => (Func<Task<HttpResponseMessage>>)(() => s.JoinAsync(scene))));

        output.WriteLine($"80 joins at once answered in {clock.ElapsedMilliseconds} ms");
        Assert.DoesNotContain(answers, a => (int)a.StatusCode >= 500);
        var joined = new List<(Guid Id, int Position)>();
        foreach (var answer in answers)
        {
            if (answer.StatusCode == HttpStatusCode.Created)
            {
                var body = await Api.Expect(answer, HttpStatusCode.Created);
                joined.Add((body.Id(), (int)body["position"]!));
            }
            else Assert.Equal(60, (int)(await Api.ExpectProblem(answer, HttpStatusCode.Conflict, "queue_full"))["waiting"]!);
        }
        Assert.Equal(Enumerable.Range(1, 60), joined.Select(j => j.Position).Order());
        // Each place is the arrival order the database settled: the n-th ticket handed out holds place n.
        var tickets = await app.WithDb(db => db.BoothQueueEntries.Where(e => e.FairId == scene.FairId && e.Status == EntryStatus.Waiting)
            .ToDictionaryAsync(e => e.Id, e => e.Ticket));
        Assert.Equal(60, tickets.Count);
        Assert.All(joined, j => Assert.Equal(j.Position, tickets[j.Id]));
        var line = await scene.Recruiter.GetJsonAsync(scene.Line() + "?pageSize=100");
        Assert.Equal(joined.OrderBy(j => j.Position).Select(j => j.Id.ToString()), line.Items().Select(i => (string?)i!["entryId"]));
    }

    [Fact]
    public async Task Students_joining_five_lines_at_once_each_hold_exactly_three()
    {
        var scene = await app.FairSceneAsync();
        var booths = new List<Guid> { scene.EmployerId };
        await scene.Recruiter.OpenBoothAsync(scene);
        for (var i = 0; i < 4; i++)
        {
            var (recruiter, employerId) = await app.SecondEmployerAsync(scene);
            await recruiter.OpenBoothAsync(scene, employerId: employerId);
            booths.Add(employerId);
        }
        var students = await app.StudentsAsync(scene, 20);
        var clock = Stopwatch.StartNew();

        var tries = students.SelectMany(s => booths.Select(b => (Student: s, Booth: b))).ToList();
        var answers = await AllAtOnceAsync(tries.Select(t => (Func<Task<HttpResponseMessage>>)(() => t.Student.JoinAsync(scene, t.Booth))));

        output.WriteLine($"100 joins (20 students x 5 lines) at once answered in {clock.ElapsedMilliseconds} ms");
        Assert.DoesNotContain(answers, a => (int)a.StatusCode >= 500);
        for (var s = 0; s < students.Count; s++)
        {
            var mine = answers.Skip(s * booths.Count).Take(booths.Count).ToList();
            Assert.Equal(3, mine.Count(a => a.StatusCode == HttpStatusCode.Created));
            foreach (var refused in mine.Where(a => a.StatusCode != HttpStatusCode.Created))
                await Api.ExpectProblem(refused, HttpStatusCode.Conflict, "too_many_queues");
        }
        var perStudent = await app.WithDb(db => db.BoothQueueEntries.Where(e => e.FairId == scene.FairId && e.Status == EntryStatus.Waiting)
            .GroupBy(e => e.StudentId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(20, perStudent.Count);
        Assert.All(perStudent, n => Assert.Equal(3, n));
    }

    [Fact]
    public async Task A_student_pressing_join_at_one_booth_from_several_tabs_at_once_stands_in_its_line_once()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var students = await app.StudentsAsync(scene, 3);

        // Each of three students presses "join" six times in the same moment (no Idempotency-Key: six different requests).
        var tries = students.SelectMany(s => Enumerable.Repeat(s, 6)).ToList();
        var answers = await AllAtOnceAsync(tries.Select(s => (Func<Task<HttpResponseMessage>>)(() => s.JoinAsync(scene))));

        Assert.DoesNotContain(answers, a => (int)a.StatusCode >= 500);
        for (var s = 0; s < students.Count; s++)
        {
            var mine = answers.Skip(s * 6).Take(6).ToList();
            Assert.Single(mine, a => a.StatusCode == HttpStatusCode.Created);
            foreach (var refused in mine.Where(a => a.StatusCode != HttpStatusCode.Created))
                await Api.ExpectProblem(refused, HttpStatusCode.Conflict, "already_queued");
        }
        var line = await scene.Recruiter.GetJsonAsync(scene.Line());
        Assert.Equal(3, (int)line["total"]!);
        Assert.Equal([1, 2, 3], line.Items().Select(i => (int)i!["position"]!));
        // The refused attempts left nothing behind: no entry, no ticket handed out, no event.
        var tickets = await app.WithDb(db => db.BoothQueueEntries.Where(e => e.FairId == scene.FairId).Select(e => e.Ticket).OrderBy(t => t).ToListAsync());
        Assert.Equal([1L, 2L, 3L], tickets);
    }

    [Fact]
    public async Task Recruiters_pressing_next_together_call_every_student_once_in_line_order()
    {
        var scene = await app.FairSceneAsync();
        await scene.Recruiter.OpenBoothAsync(scene);
        var recruiters = new List<Api> { scene.Recruiter };
        for (var i = 0; i < 3; i++) recruiters.Add(await app.ColleagueAsync(scene));
        var students = await app.StudentsAsync(scene, 60);
        var entries = new List<Guid>();
        foreach (var student in students) entries.Add((await student.JoinedAsync(scene)).Id());
        var clock = Stopwatch.StartNew();

        // Each recruiter presses "next" as fast as answers come until the line is empty.
        var calls = new ConcurrentBag<(int Recruiter, int Order, Guid Entry)>();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        await Task.WhenAll(recruiters.Select((r, index) => Task.Run(async () =>
        {
            for (var order = 0; ; order++)
            {
                var answer = await r.NextAsync(scene);
                statuses.Add(answer.StatusCode);
                if (answer.StatusCode == HttpStatusCode.Conflict)
                {
                    await Api.ExpectProblem(answer, HttpStatusCode.Conflict, "queue_empty");
                    return;
                }
                calls.Add((index, order, (await Api.Expect(answer, HttpStatusCode.OK)).Id("entryId")));
            }
        })));

        output.WriteLine($"4 recruiters called 60 students in {clock.ElapsedMilliseconds} ms; calls per recruiter: " +
                         string.Join(", ", calls.GroupBy(c => c.Recruiter).OrderBy(g => g.Key).Select(g => g.Count())));
        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        Assert.Equal(60, calls.Count);
        Assert.Equal(entries.Order(), calls.Select(c => c.Entry).Order()); // everyone called, nobody twice
        Assert.True(calls.Select(c => c.Recruiter).Distinct().Count() > 1, "the recruiters served the line in parallel");
        // Each recruiter's calls follow the line: a later press never calls someone who stood before an earlier one.
        foreach (var mine in calls.GroupBy(c => c.Recruiter))
        {
            var places = mine.OrderBy(c => c.Order).Select(c => entries.IndexOf(c.Entry)).ToList();
            Assert.Equal(places.Order(), places);
        }
        var stored = await app.WithDb(db => db.BoothQueueEntries.Where(e => e.FairId == scene.FairId).Select(e => e.Status).ToListAsync());
        Assert.All(stored, status => Assert.Equal(EntryStatus.Called, status));
    }

    /// <summary>Starts every request, then releases them together, so that they reach the server in the same moment.</summary>
    private static async Task<HttpResponseMessage[]> AllAtOnceAsync(IEnumerable<Func<Task<HttpResponseMessage>>> requests)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = requests.Select(r => Task.Run(async () =>
        {
            await gate.Task;
            return await r();
        })).ToList();
        gate.SetResult();
        return await Task.WhenAll(running);
    }
}
