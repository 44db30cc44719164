using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace JobFair.Faults;

/// <summary>One request a student makes: what, under which key, and how it was answered.</summary>
internal sealed record StudentRequest(SeededStudent Student, string Kind, Guid? PositionId, string Key)
{
    public Answered? Answer { get; set; }
    public Guid? CreatedId => Answer?.Status == 201 ? (Guid?)Answer.Body?["id"] : null;
}

/// <summary>
/// The load, while deploy/faults.sh injects its faults: every student uploads a resume and then
/// applies to every position, each request under its own Idempotency-Key and retried until answered.
/// Students start at random moments over --spread seconds, so requests arrive throughout the faults.
/// Meanwhile <see cref="Monitor"/> samples the database. Once every request is answered and the stop
/// file exists (the faults are over), <see cref="Verification"/> waits for the platform to settle and
/// checks it.
/// </summary>
internal static class LoadRun
{
    public static async Task<int> RunAsync(Options options)
    {
        var world = World.Read(options.Text("state"));
        var stopFile = options.Text("stop-file");
        var spread = TimeSpan.FromSeconds(options.Number("spread", 60));
        var baseUrl = new Uri(world.BaseUrl);
        var startedAt = Client.Now();
        using var monitor = new Monitor(options.Text("connection"), world.FairId);
        var sampling = monitor.RunAsync();

        var tasks = new ConcurrentBag<StudentRequest>();
        Console.WriteLine($"load: {world.Students.Count} students, each 1 resume + {world.PositionIds.Count} applications, " +
                          $"starting over {spread.TotalSeconds:0} s");
        await Task.WhenAll(world.Students.Select(student => StudentAsync(student)));

        async Task StudentAsync(SeededStudent student)
        {
            var api = new Client(baseUrl, student.AccessToken);
            var thinking = TimeSpan.FromSeconds(world.PositionIds.Count * 1.25);
            var start = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Max(0, (spread - thinking).TotalMilliseconds));
            await Task.Delay(start);

            var upload = new StudentRequest(student, "resume", null, $"resume-{student.StudentId}");
            tasks.Add(upload);
            upload.Answer = await api.SendAsync(() => Resume(student), HttpMethod.Post, "/api/students/me/resumes", upload.Key);
            if (upload.CreatedId is not { } resumeId) return;
            foreach (var position in world.PositionIds.OrderBy(_ => Random.Shared.Next()))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(500, 2000)));
                var apply = new StudentRequest(student, "application", position, $"apply-{student.StudentId}-{position}");
                tasks.Add(apply);
                apply.Answer = await api.PostAsync("/api/applications", new { positionId = position, fairId = world.FairId, resumeId }, apply.Key);
            }
        }

        var answeredAt = Client.Now();
        Console.WriteLine($"load: every request answered {(answeredAt - startedAt) / 1000.0:0.0} s after the start; waiting for the faults to end");
        while (!File.Exists(stopFile)) await Task.Delay(200);
        var faultsOverAt = Client.Now();

        var verification = new Verification(world, options.Text("connection"), tasks.ToList(), monitor);
        var settledAt = await verification.SettleAsync(TimeSpan.FromSeconds(options.Number("converge", 300)));
        monitor.Stop();
        await sampling;

        var timeline = Timeline.Read(options.Text("timeline"));
        Report.Print(world, tasks.ToList(), timeline, monitor.Samples, startedAt, faultsOverAt, settledAt);
        var ok = await verification.CheckAsync();
        return ok && settledAt is not null && tasks.All(t => t.Answer?.Status == 201) ? 0 : 1;
    }

    /// <summary>A small well-formed PDF, different for every student.</summary>
    private static MultipartFormDataContent Resume(SeededStudent student)
    {
        var pdf = Pdf.Make($"Resume of {student.StudentId}");
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "file", "resume.pdf" }, { new StringContent("演练简历"), "title" } };
    }
}
