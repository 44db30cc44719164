using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using JobFair.Bench.Suite;
using JobFair.Bench.Tools;
using JobFair.Bench.Worlds;

namespace JobFair.Bench.Scenarios;

/// <summary>
/// 483 students invited to interview race for 249 single-seat slots, all at once, each as a browser
/// would: list the free slots, book one at random, on <c>slot_full</c> list again and retry, until
/// booked or none is left. Afterwards the database must show every seat taken exactly once. The
/// baseline is pgbench running the booking transaction alone (Book.cs: the application held FOR
/// SHARE, the booking row, the seat, the outbox row) for as many bookings.
/// </summary>
internal sealed class SlotRushScenario : IScenario
{
    public string Name => "slot-rush";
    public string Summary => "483 invited students race for 249 single-seat slots over HTTP; every seat taken once; beside pgbench booking";
    public int Order => 20;
    public const int Students = 483, Seats = 249;
    public const double TargetP99Ms = 1000;
    /// <summary>249 bookings as pgbench's 83 clients × 3 transactions, near the server's 100 pooled connections.</summary>
    private const int BaselineClients = 83, BaselineRepeats = 3;

    public ServerSpec Server(RunSettings settings) => new("jobfair_bench_rush");

    private sealed record Attempt(string Kind, double Millis, HttpStatusCode Status, string? Code);

    public async Task<ScenarioResult> RunAsync(ScenarioContext ctx, CancellationToken ct)
    {
        using var http = ctx.Http(Students + 8);
        ctx.Say($"seeding an employer, one position and {Students} students invited to interview for it ...");
        var world = await FairWorld.SeedAsync(ctx, http, new WorldPlan("rush", 1, 1, 5, Students), 1, ct);
        var position = world.Positions[0];
        var applications = await InviteAsync(ctx, world, ct);
        ctx.Say($"signing in the recruiter and {Students} students ...");
        var recruiter = (await FairWorld.SignInAsync(http, [world.Employers[0].RecruiterEmail], ct))[0];
        var tokens = await FairWorld.SignInAsync(http, world.Students.Select(s => s.Email).ToList(), ct);

        // The recruiter publishes 249 single-seat slots of 20 minutes from tomorrow 09:00 (Asia/Shanghai), back to back.
        var from = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1).AddHours(1), TimeSpan.Zero);
        var published = await Api.MustAsync(http, HttpMethod.Post, $"/api/positions/{position.Id}/slots", recruiter,
            new { from, to = from.AddMinutes(20 * Seats), minutes = 20, gapMinutes = 0, capacity = 1 }, ct);
        var slotCount = published["items"]!.AsArray().Count;
        if (slotCount != Seats) throw new InvalidOperationException($"the recruiter published {slotCount} slots, not {Seats}");

        // Warm-up on another position's slots would change the race's data; the server's JIT warms on a few reads instead.
        foreach (var token in tokens.Take(20))
            await Api.SendAsync(http, HttpMethod.Get, $"/api/positions/{position.Id}/slots?available=true", token, ct: ct);

        ctx.Say($"{Students} students rush {Seats} seats ...");
        var attempts = new ConcurrentBag<Attempt>();
        var booked = new ConcurrentBag<double>();
        using var start = new SemaphoreSlim(0);
        var meter = new Meter(ctx.Server.Pid, Meter.PostmasterPid());
        var clock = Stopwatch.StartNew();
        var racers = Enumerable.Range(0, Students).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync(ct);
            return await RaceAsync(http, position.Id, applications[i], tokens[i], i, attempts, booked, clock, ct);
        }, ct)).ToList();
        start.Release(Students);
        var outcomes = await Task.WhenAll(racers);
        var rushTime = clock.Elapsed;
        var cpu = await meter.StopAsync();

        var check = await CheckSeatsAsync(ctx, position.Id, ct);
        var posts = attempts.Where(a => a.Kind == "book").Select(a => a.Millis).Order().ToArray();
        var gets = attempts.Where(a => a.Kind == "list").Select(a => a.Millis).Order().ToArray();
        var errors = attempts.LongCount(a => a.Status != HttpStatusCode.OK && a.Status != HttpStatusCode.Created && a.Code is not ("slot_full" or "student_overlap"));
        var lastSeat = !booked.IsEmpty ? booked.Max() : double.NaN;
        var perSecond = booked.Count / (lastSeat / 1000);
        ctx.Say(string.Create(CultureInfo.InvariantCulture,
            $"rush over in {rushTime.TotalSeconds:F1} s: {booked.Count} booked (last at {lastSeat / 1000:F1} s), {outcomes.Count(o => o == "none left")} told none left; {check.Describe()}"));

        // The baseline without the platform: the server paused (its dispatcher would publish the baseline's events).
        await ctx.Server.PauseAsync();
        PgBenchResult sql;
        try
        {
            sql = await BaselineAsync(ctx, world, ct);
        }
        finally
        {
            await ctx.Server.ResumeAsync();
        }
        var ratio = ScenarioResult.RatioOf(perSecond, sql.PerSecond);
        var p99Book = Latency.Percentile(posts, 99);
        var p99List = Latency.Percentile(gets, 99);
        var met = check.Exact && errors == 0 && p99Book < TargetP99Ms && p99List < TargetP99Ms;
        var notes = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{Students} students, each signed in and invited to interview for one position whose recruiter published {Seats} single-seat slots of 20 minutes, ")
            .Append("started together (one HTTP connection each): GET /api/positions/{id}/slots?available=true, POST /api/slots/{id}/bookings (Idempotency-Key) on one at random, ")
            .Append("again on slot_full, until booked or none left. ")
            .Append(CultureInfo.InvariantCulture, $"{booked.Count} booked, the last seat {lastSeat / 1000:F2} s after the start; all done in {rushTime.TotalSeconds:F2} s; ")
            .Append(CultureInfo.InvariantCulture, $"{posts.Length:N0} booking requests (p50 {Latency.Percentile(posts, 50):F1}, p99 {p99Book:F1} ms), ")
            .Append(CultureInfo.InvariantCulture, $"{gets.Length:N0} slot lists (p50 {Latency.Percentile(gets, 50):F1}, p99 {p99List:F1} ms). ")
            .Append(CultureInfo.InvariantCulture, $"Database afterwards: {check.Describe()}. {cpu.Describe()}. ")
            .Append(CultureInfo.InvariantCulture, $"Baseline: pgbench, {BaselineClients} clients (about the server's 100 pooled connections), the booking transaction of Book.cs for {Seats} seats, ")
            .Append(CultureInfo.InvariantCulture, $"{BaselineRepeats} rounds on reset seats, the server paused: {sql.Describe()}. Value and baseline are seats booked per second. ")
            .Append(CultureInfo.InvariantCulture, $"Target: every seat taken exactly once, p99 < {TargetP99Ms} ms: {(met ? "met" : "not met")}.");
        return new ScenarioResult(Name, "seats booked per second (HTTP, start to last seat)", Math.Round(perSecond, 1),
            "pgbench: the booking transaction alone, 249 seats", Math.Round(sql.PerSecond, 1), ratio,
            Latency.Percentile(posts, 50), p99Book, errors + (check.Exact ? 0 : 1), notes.ToString())
        {
            Target = $"every seat once; p99 < {TargetP99Ms:F0} ms", TargetMet = met,
        };
    }

    /// <summary>One student: list, pick, book; again on a refusal that says someone was quicker; "booked" or "none left".</summary>
    private static async Task<string> RaceAsync(HttpClient http, Guid positionId, Guid applicationId, string token, int student,
        ConcurrentBag<Attempt> attempts, ConcurrentBag<double> booked, Stopwatch clock, CancellationToken ct)
    {
        var rng = new Random(student);
        for (var round = 0; round < 1000; round++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var list = await Api.SendAsync(http, HttpMethod.Get, $"/api/positions/{positionId}/slots?available=true", token, ct: ct);
            attempts.Add(new Attempt("list", Stopwatch.GetElapsedTime(t0).TotalMilliseconds, list.Status, list.Code));
            if (!list.Ok) return "error";
            var free = list.Body!["items"]!.AsArray();
            if (free.Count == 0) return "none left";
            var slot = free[rng.Next(free.Count)]!;
            t0 = Stopwatch.GetTimestamp();
            var book = await Api.SendAsync(http, HttpMethod.Post, $"/api/slots/{(string)slot["id"]!}/bookings", token,
                new { applicationId }, $"rush-{student}-{round}", ct);
            attempts.Add(new Attempt("book", Stopwatch.GetElapsedTime(t0).TotalMilliseconds, book.Status, book.Code));
            if (book.Status == HttpStatusCode.Created)
            {
                booked.Add(clock.Elapsed.TotalMilliseconds);
                return "booked";
            }
            if (book.Code is not ("slot_full" or "student_overlap")) return "error";
        }
        return "gave up";
    }

    /// <summary>Each student's application to the position, already invited (written as the invite would leave it).</summary>
    private static async Task<Guid[]> InviteAsync(ScenarioContext ctx, FairWorld world, CancellationToken ct)
    {
        var p = world.Positions[0];
        var now = DateTime.UtcNow;
        var ids = world.Students.Select(_ => Guid.CreateVersion7()).ToArray();
        await using var conn = await ctx.Db.OpenConnectionAsync(ct);
        await Copy.IntoAsync(conn, "applications", ["id", "student_id", "university_id", "position_id", "employer_id", "fair_id", "resume_id",
            "resume_title", "status", "created_at", "updated_at"],
            world.Students.Select((s, i) => new object?[] { ids[i], s.StudentId, world.UniversityId, p.Id, p.EmployerId, world.FairId, s.ResumeId,
                "我的简历", "interview_invited", now.AddHours(-2), now.AddHours(-1) }), ct);
        await Copy.IntoAsync(conn, "application_transitions", ["id", "application_id", "from_status", "to_status", "by_user_id", "by_role", "at"],
            ids.Select(id => new object?[] { Guid.CreateVersion7(), id, "submitted", "interview_invited", world.Employers[0].RecruiterId, "recruiter", now.AddHours(-1) }), ct);
        return ids;
    }

    private sealed record SeatCheck(int Slots, int Full, long Bookings, long DistinctSlots, long DistinctApplications, long OverBooked, long CounterMismatch)
    {
        public bool Exact => Full == Slots && Bookings == Slots && DistinctSlots == Slots && DistinctApplications == Slots && OverBooked == 0 && CounterMismatch == 0;

        public string Describe() =>
            string.Create(CultureInfo.InvariantCulture, $"{Full} of {Slots} slots full, {Bookings} active bookings on {DistinctSlots} distinct slots for {DistinctApplications} distinct applications, ") +
            string.Create(CultureInfo.InvariantCulture, $"{OverBooked} slots with more bookings than seats, {CounterMismatch} seat counters differing from their bookings: ") +
            (Exact ? "every seat taken exactly once" : "NOT every seat taken exactly once");
    }

    private static async Task<SeatCheck> CheckSeatsAsync(ScenarioContext ctx, Guid positionId, CancellationToken ct)
    {
        await using var cmd = ctx.Db.CreateCommand("""
            WITH b AS (SELECT * FROM interview_bookings WHERE position_id = $1 AND status = 'booked'),
                 per AS (SELECT s.id, s.capacity, s.booked, count(b.id) AS n FROM interview_slots s LEFT JOIN b ON b.slot_id = s.id
                         WHERE s.position_id = $1 GROUP BY s.id)
            SELECT (SELECT count(*)::int FROM per), (SELECT count(*)::int FROM per WHERE booked = capacity), (SELECT count(*) FROM b),
                   (SELECT count(DISTINCT slot_id) FROM b), (SELECT count(DISTINCT application_id) FROM b),
                   (SELECT count(*) FROM per WHERE n > capacity), (SELECT count(*) FROM per WHERE n <> booked)
            """);
        cmd.Parameters.AddWithValue(positionId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new SeatCheck(r.GetInt32(0), r.GetInt32(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6));
    }

    /// <summary>pgbench books the 249 seats, one planned application per seat (the rush's own students), three rounds on reset seats.</summary>
    private static async Task<PgBenchResult> BaselineAsync(ScenarioContext ctx, FairWorld world, CancellationToken ct)
    {
        var p = world.Positions[0];
        var latencies = new List<PgBenchResult>();
        for (var round = 0; round <= BaselineRepeats; round++)
        {
            await using (var reset = ctx.Db.CreateCommand($"""
                DELETE FROM interview_bookings WHERE position_id = '{p.Id}';
                UPDATE interview_slots SET booked = 0 WHERE position_id = '{p.Id}';
                DROP TABLE IF EXISTS bench_rush_plan;
                CREATE UNLOGGED TABLE bench_rush_plan AS
                  SELECT row_number() OVER (ORDER BY s.starts_at)::int - 1 AS n, a.id AS application_id, a.student_id, a.position_id, a.employer_id,
                         a.fair_id, s.id AS slot_id, s.starts_at, s.ends_at
                  FROM (SELECT *, row_number() OVER (ORDER BY starts_at) AS k FROM interview_slots WHERE position_id = '{p.Id}') s
                  JOIN (SELECT *, row_number() OVER (ORDER BY id) AS k FROM applications WHERE position_id = '{p.Id}') a USING (k);
                """))
                await reset.ExecuteNonQueryAsync(ct);
            await using (var vacuum = ctx.Db.CreateCommand("VACUUM ANALYZE interview_slots, interview_bookings, bench_rush_plan"))
                await vacuum.ExecuteNonQueryAsync(ct);
            var run = await PgBench.RunAsync(ctx.ConnectionString, ctx.WorkDir, $"rush-{round}", BaselineScript, BaselineClients, null,
                Seats / BaselineClients, new Dictionary<string, string> { ["clients"] = BaselineClients.ToString(CultureInfo.InvariantCulture), ["i"] = "-1" }, ct);
            ctx.Say($"pgbench round {round}{(round == 0 ? " (warm-up)" : "")}: {run.Describe()}");
            if (round > 0) latencies.Add(run);
        }
        // Rate over the measured rounds together; latency percentiles of the middle round by rate (one set of 249 is too few to pool fairly).
        var seconds = latencies.Sum(r => r.Transactions / r.PerSecond);
        var median = latencies.OrderBy(r => r.PerSecond).ElementAt(latencies.Count / 2);
        var total = median with { Transactions = latencies.Sum(r => r.Transactions), PerSecond = latencies.Sum(r => r.Transactions) / seconds,
            Failed = latencies.Sum(r => r.Failed), CpuSeconds = latencies.Sum(r => r.CpuSeconds) };
        return total;
    }

    /// <summary>Book.cs's transaction: the application held FOR SHARE, the booking row, the seat taken while one is free, the BookingChanged outbox row.</summary>
    private const string BaselineScript = """
        \set i :i + 1
        \set n :client_id + :clients * :i
        SELECT application_id, student_id, position_id, employer_id, fair_id, slot_id, starts_at, ends_at FROM bench_rush_plan WHERE n = :n \gset
        BEGIN;
        SELECT status FROM applications WHERE id = :application_id FOR SHARE;
        INSERT INTO interview_bookings (id, slot_id, application_id, student_id, position_id, employer_id, fair_id,
            starts_at, ends_at, status, late_cancel, sequence, created_at, updated_at)
        VALUES (gen_random_uuid(), :slot_id, :application_id, :student_id, :position_id, :employer_id, :fair_id,
            :starts_at, :ends_at, 'booked', false, 0, now(), now());
        UPDATE interview_slots SET booked = booked + 1 WHERE id = :slot_id AND booked < capacity;
        INSERT INTO outbox_messages (id, attempts, last_error, occurred_at, payload, published_at, sent_at, type)
        VALUES (gen_random_uuid(), 0, NULL, now(),
                jsonb_build_object('bookingId', gen_random_uuid(), 'change', 'booked', 'slotId', CAST(:slot_id AS uuid), 'previousSlotId', NULL,
                                   'positionId', CAST(:position_id AS uuid), 'employerId', CAST(:employer_id AS uuid), 'fairId', CAST(:fair_id AS uuid),
                                   'studentId', CAST(:student_id AS uuid), 'applicationId', CAST(:application_id AS uuid), 'status', 'booked', 'lateCancel', false),
                NULL, NULL, 'JobFair.Server.Features.Interviews.BookingChanged, JobFair.Server')
        RETURNING seq;
        COMMIT;
        """;
}
