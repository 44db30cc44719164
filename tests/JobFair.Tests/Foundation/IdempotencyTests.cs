using System.Data.Common;
using System.Net;
using JobFair.Server.Infrastructure;
using JobFair.Server.Infrastructure.Outbox;
using JobFair.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JobFair.Tests.Foundation;

/// <summary>Fails the next write of an Idempotency-Key's answer, as if the process died just before it.</summary>
public sealed class AnswerWriteCrash : DbCommandInterceptor
{
    private int _armed;

    public void Arm() => Interlocked.Exchange(ref _armed, 1);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var sql = command.CommandText;
        if (sql.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) && sql.Contains("idempotency_keys", StringComparison.Ordinal) &&
            sql.Contains("status_code", StringComparison.Ordinal) && Interlocked.Exchange(ref _armed, 0) == 1)
            throw new InvalidOperationException("injected: the node died after the handler's commit, before the answer was stored");
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}

/// <summary>A server whose clock a test may move, and whose answer writes a test may make fail.</summary>
public sealed class IdempotencyApp : JobFairApp
{
    public ShiftedClock Shifted { get; } = new();
    public AnswerWriteCrash Crash { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Idempotency:PurgeEvery", "00:00:00.2")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Shifted);
            s.ConfigureDbContext<JobFairDb>(o => o.AddInterceptors(Crash));
        });
    }
}

/// <summary>
/// The stored answer of an Idempotency-Key commits with the change it answers for: a request that
/// dies between the two leaves neither, so its retry creates the thing exactly once.
/// </summary>
public sealed class IdempotencyTests(IdempotencyApp app) : IClassFixture<IdempotencyApp>
{
    private static async Task<HttpResponseMessage> SendAsync(Api caller, string url, HttpContent content, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = content };
        request.Headers.Add("Idempotency-Key", key);
        return await caller.Http.SendAsync(request);
    }

    private static Func<HttpContent> Json(object body) => () => System.Net.Http.Json.JsonContent.Create(body);

    /// <summary>
    /// The first attempt dies before its answer is stored; whatever it did must be gone. Its retry, once
    /// the first attempt's claim would count as abandoned, creates the thing; a further retry replays it.
    /// Returns the created id.
    /// </summary>
    private async Task<string> CrashThenRetryAsync(Api caller, string url, Func<HttpContent> content, Func<Task<int>> count)
    {
        var key = "crash-" + Guid.NewGuid();
        app.Crash.Arm();
        var crashed = await SendAsync(caller, url, content(), key);
        Assert.True((int)crashed.StatusCode >= 500, $"the crashed attempt answered {(int)crashed.StatusCode}");
        Assert.Equal(0, await count());

        // The filter's first version committed a claim on its own and took an unanswered one over only after
        // 2 minutes; either way the retry must create the thing exactly once.
        app.Shifted.Advance(TimeSpan.FromMinutes(3));
        var created = await Api.Expect(await SendAsync(caller, url, content(), key), HttpStatusCode.Created);
        var replayed = await Api.Expect(await SendAsync(caller, url, content(), key), HttpStatusCode.Created);
        Assert.Equal((string?)created["id"], (string?)replayed["id"]);
        Assert.Equal(1, await count());
        return (string)created["id"]!;
    }

    [Fact]
    public async Task A_fair_whose_answer_was_never_stored_is_created_once_by_its_retry()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        var host = await app.CentreAsync(supported);
        var title = "断电重试 " + Guid.NewGuid().ToString("N")[..8];

        await CrashThenRetryAsync(host, "/api/fairs", Json(FairWorld.FairBody(pairId, title)),
            () => app.WithDb(db => db.Fairs.CountAsync(f => f.Title == title)));
    }

    [Fact]
    public async Task A_position_and_an_application_whose_answers_were_never_stored_are_created_once_by_their_retries()
    {
        var scene = await app.FairSceneAsync();
        var title = "重试岗位 " + Guid.NewGuid().ToString("N")[..8];
        var position = Guid.Parse(await CrashThenRetryAsync(scene.Recruiter, "/api/positions",
            Json(FairWorld.PositionBody([scene.FairId], title)), () => app.WithDb(db => db.Positions.CountAsync(p => p.Title == title))));

        var (student, studentId, resume) = await app.ApplicantAsync(scene, "重试生");
        // The unique index alone would refuse a second application: the retry must get the first answer, not already_applied.
        await CrashThenRetryAsync(student, "/api/applications", Json(new { positionId = position, fairId = scene.FairId, resumeId = resume }),
            () => app.WithDb(db => db.Applications.CountAsync(a => a.StudentId == studentId)));
        Assert.Equal(1, await app.WithDb(db => db.OutboxMessages
            .FromSql($"SELECT * FROM outbox_messages WHERE payload->>'studentId' = {studentId.ToString()}")
            .CountAsync(m => m.Type.Contains("ApplicationSubmitted"))));
    }

    [Fact]
    public async Task A_resume_upload_whose_answer_was_never_stored_is_stored_once_by_its_retry()
    {
        var (student, studentId) = await app.StudentAsync(await app.UniversityIdAsync("武汉东湖学院"));
        var pdf = Pdfs.Make("crash");

        await CrashThenRetryAsync(student, "/api/students/me/resumes", () =>
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(pdf);
            file.Headers.ContentType = new("application/pdf");
            form.Add(file, "file", "resume.pdf");
            form.Add(new StringContent("断电简历"), "title");
            return form;
        }, () => app.WithDb(db => db.Resumes.CountAsync(r => r.StudentId == studentId)));
    }

    [Fact]
    public async Task A_booking_under_a_key_keeps_its_transaction_rules_its_retry_replays_it_and_an_overlap_is_still_refused()
    {
        var scene = await app.FairSceneAsync();
        var (recruiter2, employer2) = await app.RecruiterAsync();
        await scene.Host.ApproveAsync(recruiter2, scene.FairId, employer2);
        var position2 = await recruiter2.PostPositionAsync(FairWorld.PositionBody([scene.FairId], "产品经理"));
        var start = InterviewWorld.HoursAhead(3);
        var mine = await scene.Recruiter.PublishSlotsAsync(scene.PositionId, InterviewWorld.Generator(start, 1, minutes: 60));
        var theirs = await recruiter2.PublishSlotsAsync(position2, InterviewWorld.Generator(start.AddMinutes(30), 1));
        var (student, _, resume) = await app.ApplicantAsync(scene, "钱多多");
        var first = await student.AppliedAsync(scene, resume);
        var second = await student.AppliedAsync(scene, resume, position2);
        await scene.Recruiter.InviteAsync(first);
        await recruiter2.InviteAsync(second);

        var key = "book-" + Guid.NewGuid();
        var booked = await Api.Expect(await SendAsync(student, $"/api/slots/{mine[0]}/bookings", Json(new { applicationId = first })(), key),
            HttpStatusCode.Created);
        var replayed = await Api.Expect(await SendAsync(student, $"/api/slots/{mine[0]}/bookings", Json(new { applicationId = first })(), key),
            HttpStatusCode.Created);
        Assert.Equal((string?)booked["id"], (string?)replayed["id"]);

        // The overlap is a constraint checked when the booking's own transaction commits, inside the key's transaction.
        var overlap = await SendAsync(student, $"/api/slots/{theirs[0]}/bookings", Json(new { applicationId = second })(), "book-" + Guid.NewGuid());
        await Api.ExpectProblem(overlap, HttpStatusCode.Conflict, "student_overlap");
        Assert.Equal(0, (int)(await recruiter2.SlotAsync(position2, theirs[0]))["booked"]!);
        Assert.Equal(1, (int)(await scene.Recruiter.SlotAsync(scene.PositionId, mine[0]))["booked"]!);
        Assert.Equal(1, await app.WithDb(db => db.InterviewBookings.CountAsync(b => b.ApplicationId == first || b.ApplicationId == second)));
    }

    [Fact]
    public async Task A_refused_request_under_a_key_changes_nothing_and_replays_its_refusal()
    {
        var scene = await app.FairSceneAsync();
        var (student, studentId, resume) = await app.ApplicantAsync(scene, "复读生");
        await student.AppliedAsync(scene, resume);
        var key = "again-" + Guid.NewGuid();
        var body = new { positionId = scene.PositionId, fairId = scene.FairId, resumeId = resume };

        // already_applied comes from a unique index refusing the insert: the key's transaction must survive it.
        await Api.ExpectProblem(await SendAsync(student, "/api/applications", Json(body)(), key), HttpStatusCode.Conflict, "already_applied");
        await Api.ExpectProblem(await SendAsync(student, "/api/applications", Json(body)(), key), HttpStatusCode.Conflict, "already_applied");
        Assert.Equal(1, await app.WithDb(db => db.Applications.CountAsync(a => a.StudentId == studentId)));
        Assert.Equal(1, await app.WithDb(db => db.IdempotencyKeys.CountAsync(k => k.Key == key && k.StatusCode == 409)));
    }

    [Fact]
    public async Task In_an_enclosing_transaction_a_handlers_own_transactions_and_execution_strategy_keep_their_meaning()
    {
        // A retrying execution strategy, as a handler might use: it must accept the handler's transaction inside the enclosing one.
        var options = new DbContextOptionsBuilder<JobFairDb>()
            .UseNpgsql(app.ConnectionString, o => o.EnableRetryOnFailure())
            .AddInterceptors(EnclosingTransaction.Interceptor)
            .ReplaceService<IRelationalTransactionFactory, EnclosingTransaction.PartFactory>()
            .Options;
        ProcessedMessage Row(string consumer) => new() { Consumer = consumer, MessageId = Guid.NewGuid(), ProcessedAt = DateTimeOffset.UtcNow };
        var (committed, abandoned, undone) = (Row("committed part"), Row("abandoned part"), Row("enclosing rolled back"));
        Task<bool> StoredAsync(ProcessedMessage row) => app.WithDb(db => db.ProcessedMessages.AnyAsync(m => m.MessageId == row.MessageId));

        await using (var db = new JobFairDb(options))
        {
            await using (var enclosing = await EnclosingTransaction.BeginAsync(db, CancellationToken.None))
            {
                var strategy = db.Database.CreateExecutionStrategy();
                await strategy.ExecuteAsync(async () =>
                {
                    await using var tx = await db.Database.BeginTransactionAsync();
                    db.ProcessedMessages.Add(committed);
                    await db.SaveChangesAsync();
                    await tx.CommitAsync();
                });
                await strategy.ExecuteAsync(async () =>
                {
                    await using var tx = await db.Database.BeginTransactionAsync();
                    db.ProcessedMessages.Add(abandoned);
                    await db.SaveChangesAsync();
                }); // left without a commit, as a handler that returns a refusal
                db.ChangeTracker.Clear();

                Assert.True(await db.ProcessedMessages.AnyAsync(m => m.MessageId == committed.MessageId), "the committed part is there");
                Assert.False(await db.ProcessedMessages.AnyAsync(m => m.MessageId == abandoned.MessageId), "the abandoned part is gone");
                Assert.False(await StoredAsync(committed), "a part is visible to others before the enclosing commit");
                await enclosing.CommitAsync(CancellationToken.None);
            }
            await using (await EnclosingTransaction.BeginAsync(db, CancellationToken.None))
            {
                await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
                {
                    await using var tx = await db.Database.BeginTransactionAsync();
                    db.ProcessedMessages.Add(undone);
                    await db.SaveChangesAsync();
                    await tx.CommitAsync();
                });
            } // disposed without a commit: everything in it goes, the "committed" part too
        }

        Assert.True(await StoredAsync(committed));
        Assert.False(await StoredAsync(abandoned));
        Assert.False(await StoredAsync(undone));
    }

    [Fact]
    public async Task Every_deferrable_constraint_is_initially_deferred_which_the_enclosing_transaction_relies_on()
    {
        var immediate = await app.WithDb(db => db.Database.SqlQuery<string>(
            $"SELECT conname AS \"Value\" FROM pg_constraint WHERE condeferrable AND NOT condeferred").ToListAsync());
        Assert.Empty(immediate);
    }
}

/// <summary>Old Idempotency-Keys are forgotten on a schedule.</summary>
public sealed class IdempotencyPurgeTests(IdempotencyApp app) : IClassFixture<IdempotencyApp>
{
    [Fact]
    public async Task Keys_older_than_a_day_are_purged_and_younger_ones_kept()
    {
        var (pairId, supported, _) = await app.FirstPairAsync();
        var host = await app.CentreAsync(supported);
        var key = "old-" + Guid.NewGuid();
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/fairs", UriKind.Relative))
               { Content = System.Net.Http.Json.JsonContent.Create(FairWorld.FairBody(pairId, "留存")) })
        {
            request.Headers.Add("Idempotency-Key", key);
            await Api.Expect(await host.Http.SendAsync(request), HttpStatusCode.Created);
        }
        Task<bool> Remembered() => app.WithDb(db => db.IdempotencyKeys.AnyAsync(k => k.Key == key));

        app.Shifted.Advance(TimeSpan.FromHours(23));
        await app.Services.GetServices<IHostedService>().OfType<IdempotencyKeyPurger>().Single().PurgeAsync(CancellationToken.None);
        Assert.True(await Remembered(), "a key younger than a day was purged");

        app.Shifted.Advance(TimeSpan.FromHours(2));
        await Eventually.True(async () => !await Remembered(), "the day-old key to be purged");
    }
}
