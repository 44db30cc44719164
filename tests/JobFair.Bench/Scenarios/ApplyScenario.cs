using System.Globalization;
using System.Text;
using JobFair.Bench.Suite;
using JobFair.Bench.Tools;
using JobFair.Bench.Worlds;
using Npgsql;

namespace JobFair.Bench.Scenarios;

/// <summary>
/// Signed-in students deliver resumes, <c>POST /api/applications</c> with an Idempotency-Key, as
/// fast as the server takes them (wrk, at the concurrency past which throughput stops growing),
/// beside pgbench committing the rows the handler writes (the application, its outbox event, the
/// idempotency key and its stored answer) at the same concurrency. Target: at least half the
/// baseline's throughput. A full run measures two fair sizes, to show how the cost grows.
/// </summary>
internal sealed class ApplyScenario : IScenario
{
    public string Name => "apply";
    public string Summary => "students deliver resumes over HTTP (wrk) at saturation, beside pgbench committing the same rows";
    public int Order => 10;
    public const double TargetRatio = 0.5;
    private static readonly int[] Ramp = [1, 2, 4, 8, 16, 32], QuickRamp = [2, 8, 32];

    /// <summary>The real fair (317 employers, 18,000 openings), and ten times it with 17,150 applications already made.</summary>
    private static readonly WorldPlan Real = new("real", 317, 3_000, 18_000, 200), QuickReal = Real with { Students = 100 };
    private static readonly WorldPlan TenTimes = new("x10", 3_170, 30_000, 180_000, 200, 17_150);

    public ServerSpec Server(RunSettings settings) => new("jobfair_bench_apply");

    private sealed record SizeRun(WorldPlan Plan, FairWorld World, int Concurrency, IReadOnlyList<(int C, double PerSecond, double P99)> Ramp,
        WrkResult Http, CpuReport HttpCpu, PgBenchResult Sql, CpuReport SqlCpu, long Created, long Answered201, int Backlog, double DrainSeconds);

    public async Task<ScenarioResult> RunAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var runs = new List<SizeRun>();
        var number = 0;
        foreach (var plan in ctx.Quick ? [QuickReal] : new[] { Real, TenTimes })
            runs.Add(await MeasureAsync(ctx, plan, ++number, ct));
        var main = runs[0];
        var ratio = ScenarioResult.RatioOf(main.Http.PerSecond, main.Sql.PerSecond);
        var notes = new StringBuilder();
        notes.Append(CultureInfo.InvariantCulture,
            $"POST /api/applications by {main.Plan.Students} signed-in students (bearer tokens, a fresh Idempotency-Key each, every request a new application) ")
            .Append(CultureInfo.InvariantCulture, $"in a fair of {main.Plan.Describe()}; wrk at {main.Concurrency} connections (the saturating concurrency of a ramp {RampText(main)}), ")
            .Append(CultureInfo.InvariantCulture, $"{main.Http.Duration.TotalSeconds:F0} s after a warm-up. Baseline: pgbench, {main.Concurrency} clients, {main.Sql.Transactions:N0} transactions ")
            .Append("each inserting the application, its outbox row and the idempotency key and storing its answer (the handler's INSERT/UPDATE statements as EF Core and ")
            .Append("the filter send them, in one transaction; the server paused meanwhile, the baseline's outbox rows deleted afterwards, unpublished). ")
            .Append(CultureInfo.InvariantCulture, $"HTTP: {main.HttpCpu.Describe()}; {main.HttpCpu.PerOperation(main.Http.PerSecond, "application")}. ")
            .Append(CultureInfo.InvariantCulture, $"pgbench: {main.SqlCpu.Describe()}; {main.SqlCpu.PerOperation(main.Sql.PerSecond, "transaction")}. ");
        notes.Append(CultureInfo.InvariantCulture, $"Created {main.Created:N0} applications, {main.Answered201:N0} answered 201. ");
        notes.Append(CultureInfo.InvariantCulture,
            $"Outbox at the end of the measured stretch: {main.Backlog:N0} events not yet sent, drained in {main.DrainSeconds:F1} s. ");
        foreach (var other in runs.Skip(1))
            notes.Append(CultureInfo.InvariantCulture, $"Ten times the fair ({other.Plan.Describe()}): {other.Http.PerSecond:F1} applications/s at {other.Concurrency} connections ")
                .Append(CultureInfo.InvariantCulture, $"(p50 {other.Http.P50:F1} ms, p99 {other.Http.P99:F1} ms) against pgbench {other.Sql.PerSecond:F1}/s, ratio ")
                .Append(CultureInfo.InvariantCulture, $"{ScenarioResult.RatioOf(other.Http.PerSecond, other.Sql.PerSecond):F2}. ");
        var met = ratio >= TargetRatio && main.Http.Errors == 0;
        notes.Append(CultureInfo.InvariantCulture, $"Target: throughput >= {TargetRatio}x baseline: {(met ? "met" : "not met")}.");
        return new ScenarioResult(Name, "applications per second (HTTP)", Math.Round(main.Http.PerSecond, 1),
            "pgbench: the handler's rows (application + outbox + idempotency) in one transaction, same concurrency",
            Math.Round(main.Sql.PerSecond, 1), ratio, main.Http.P50, main.Http.P99, main.Http.Errors, notes.ToString())
        {
            Target = $"throughput >= {TargetRatio}x baseline", TargetMet = met, Details = Details(runs),
        };
    }

    private static string RampText(SizeRun run) =>
        string.Join(", ", run.Ramp.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.C}: {r.PerSecond:F0}/s")));

    private static string Details(List<SizeRun> runs)
    {
        var md = new StringBuilder();
        md.AppendLine("| fair | connections | HTTP per s | HTTP p50 / p99 ms | pgbench per s | pgbench p50 / p99 ms | ratio | server / PostgreSQL / generator cores (HTTP) |");
        md.AppendLine("| --- | ---: | ---: | --- | ---: | --- | ---: | --- |");
        foreach (var r in runs)
            md.Append(CultureInfo.InvariantCulture, $"| {r.Plan.Describe()} | {r.Concurrency} | {r.Http.PerSecond:F1} | {r.Http.P50:F1} / {r.Http.P99:F1} | {r.Sql.PerSecond:F1} | ")
                .Append(CultureInfo.InvariantCulture, $"{r.Sql.P50:F1} / {r.Sql.P99:F1} | {ScenarioResult.RatioOf(r.Http.PerSecond, r.Sql.PerSecond):F2} | ")
                .AppendLine(CultureInfo.InvariantCulture, $"{r.HttpCpu.Server:F2} / {r.HttpCpu.Postgres:F2} / {r.HttpCpu.Generator:F2} |");
        return md.ToString();
    }

    private static async Task<SizeRun> MeasureAsync(ScenarioContext ctx, WorldPlan plan, int number, CancellationToken ct)
    {
        using var http = ctx.Http(16);
        ctx.Say($"seeding a fair of {plan.Describe()} ...");
        var world = await FairWorld.SeedAsync(ctx, http, plan, number, ct);
        ctx.Say($"seeded in {world.SeedTime.TotalSeconds:F0} s; signing in {world.Students.Count} students ...");
        var tokens = await FairWorld.SignInAsync(http, world.Students.Select(s => s.Email).ToList(), ct);

        // Application k: student k mod S to posting k div S (postings in a shuffled order), each pair once in the run.
        var order = Enumerable.Range(0, world.Positions.Count).ToArray();
        new Random(number).Shuffle(order);
        var next = 0L;
        var capacity = (long)world.Students.Count * world.Positions.Count;
        WrkRequest Request(long k)
        {
            var s = (int)(k % world.Students.Count);
            var p = world.Positions[order[(int)(k / world.Students.Count)]];
            return new WrkRequest("POST", "/api/applications",
                [$"Authorization: Bearer {tokens[s]}", $"Idempotency-Key: apply-{plan.Tag}-{k}", "Content-Type: application/json"],
                $$"""{"positionId":"{{p.Id}}","fairId":"{{world.FairId}}","resumeId":"{{world.Students[s].ResumeId}}"}""");
        }
        async Task<WrkResult> PhaseAsync(string name, int connections, TimeSpan duration, Meter? meter)
        {
            // Enough distinct applications for 1,000 a second, ten times what this machine answers; wrk says if it ran out.
            var count = Math.Min(capacity - next, (long)(duration.TotalSeconds * 1000));
            var file = await Wrk.WriteRequestsAsync(ctx.WorkDir, $"{plan.Tag}-{name}", LongRange(next, count).Select(Request), ct);
            next += count;
            var result = await Wrk.RunAsync(ctx.Url, file, connections, duration, ct);
            meter?.AddToolCpu(result.CpuSeconds);
            if (result.Wrapped) ctx.Say($"warning: {name} used every prepared request and began again (replays, not new applications)");
            return result;
        }

        // Long enough for tiered compilation to settle: with 8 s (quick) the JIT still took a fifth of the server's
        // CPU in the measured stretch (perf, 2026-12-01), which is start-up cost, not the cost of an application.
        var warmup = ctx.Quick ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(30);
        var step = ctx.Quick ? TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(6);
        var measure = ctx.Quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(30);
        ctx.Say($"warming up ({warmup.TotalSeconds:F0} s) ...");
        var answered = new List<WrkResult> { await PhaseAsync("warmup", 8, warmup, null) };
        var ramp = new List<(int C, double PerSecond, double P99)>();
        foreach (var c in ctx.Quick ? QuickRamp : Ramp)
        {
            var r = await PhaseAsync($"ramp-{c}", c, step, null);
            answered.Add(r);
            ramp.Add((c, r.PerSecond, r.P99));
            ctx.Say(string.Create(CultureInfo.InvariantCulture, $"ramp: {c} connections: {r.PerSecond:F1}/s, p99 {r.P99:F1} ms, {r.Errors} errors"));
        }
        // Saturation: the fewest connections within 5% of the best throughput; more only queue.
        var best = ramp.Max(r => r.PerSecond);
        var concurrency = ramp.First(r => r.PerSecond >= 0.95 * best).C;
        ctx.Say($"measuring at {concurrency} connections for {measure.TotalSeconds:F0} s ...");
        var meter = new Meter(ctx.Server.Pid, Meter.PostmasterPid());
        var tracing = ctx.TraceAsync($"apply-{plan.Tag}", measure, ct);
        var httpRun = await PhaseAsync("measured", concurrency, measure, meter);
        await tracing;
        var httpCpu = await meter.StopAsync();
        answered.Add(httpRun);
        var (backlog, drain) = await DrainOutboxAsync(ctx, ct);

        ctx.Say($"HTTP: {httpRun.PerSecond:F1}/s, p50 {httpRun.P50:F1} ms, p99 {httpRun.P99:F1} ms, {httpRun.Errors} errors ({httpRun.StatusList}); outbox backlog {backlog} drained in {drain:F1} s");
        long created;
        await using (var count = ctx.Db.CreateCommand("SELECT count(*) FROM applications WHERE fair_id = $1"))
        {
            count.Parameters.AddWithValue(world.FairId);
            created = (long)(await count.ExecuteScalarAsync(ct))! - plan.PriorApplications;
        }

        // The baseline's applications: pairs the HTTP run did not reach, numbered for pgbench's clients.
        var transactions = (long)((3 + measure.TotalSeconds) * 10_000);
        await PrepareBaselineAsync(ctx, world, order, next, Math.Min(capacity - next, transactions), ct);
        ctx.Say($"pgbench: {concurrency} clients for {measure.TotalSeconds:F0} s, the server paused ...");
        var lastEvent = await LastOutboxSeqAsync(ctx, ct);
        await ctx.Server.PauseAsync();
        PgBenchResult sql;
        CpuReport sqlCpu;
        try
        {
            await PgBench.RunAsync(ctx.ConnectionString, ctx.WorkDir, $"{plan.Tag}-warmup", BaselineScript, concurrency, TimeSpan.FromSeconds(3), null,
                Defines(concurrency, 0), ct);
            var sqlMeter = new Meter(ctx.Server.Pid, Meter.PostmasterPid());
            // The warm-up's transactions took the first numbers; the measured run starts past them.
            sql = await PgBench.RunAsync(ctx.ConnectionString, ctx.WorkDir, plan.Tag, BaselineScript, concurrency, measure, null,
                Defines(concurrency, 30_000 / concurrency + 1), ct);
            sqlMeter.AddToolCpu(sql.CpuSeconds);
            sqlCpu = await sqlMeter.StopAsync();
            // The baseline's events describe nothing the platform did: they must not reach its consumers.
            await using var forget = ctx.Db.CreateCommand("DELETE FROM outbox_messages WHERE seq > $1");
            forget.Parameters.AddWithValue(lastEvent);
            await forget.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await ctx.Server.ResumeAsync();
        }
        ctx.Say($"pgbench: {sql.Describe()}");
        return new SizeRun(plan, world, concurrency, ramp, httpRun, httpCpu, sql, sqlCpu, created,
            answered.Sum(a => a.Statuses.GetValueOrDefault(201)), backlog, drain);
    }

    private static async Task<long> LastOutboxSeqAsync(ScenarioContext ctx, CancellationToken ct)
    {
        await using var cmd = ctx.Db.CreateCommand("SELECT coalesce(max(seq), 0) FROM outbox_messages");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static Dictionary<string, string> Defines(int clients, long start) => new()
    {
        ["clients"] = clients.ToString(CultureInfo.InvariantCulture), ["i"] = start.ToString(CultureInfo.InvariantCulture),
    };

    private static IEnumerable<long> LongRange(long start, long count)
    {
        for (var k = start; k < start + count; k++) yield return k;
    }

    /// <summary>Events written but not yet sent when the load stopped: the work the measured rate did not yet pay for.</summary>
    private static async Task<(int Backlog, double Seconds)> DrainOutboxAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int? first = null;
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await using var cmd = ctx.Db.CreateCommand("SELECT count(*)::int FROM outbox_messages WHERE sent_at IS NULL");
            var left = (int)(await cmd.ExecuteScalarAsync(ct))!;
            first ??= left;
            if (left == 0) break;
            await Task.Delay(200, ct);
        }
        return (first ?? 0, clock.Elapsed.TotalSeconds);
    }

    private static async Task PrepareBaselineAsync(ScenarioContext ctx, FairWorld world, int[] order, long from, long count, CancellationToken ct)
    {
        await using var conn = await ctx.Db.OpenConnectionAsync(ct);
        await using (var create = new NpgsqlCommand("""
            DROP TABLE IF EXISTS bench_apply_plan;
            CREATE UNLOGGED TABLE bench_apply_plan (n bigint PRIMARY KEY, user_id uuid, student_id uuid, resume_id uuid, position_id uuid, employer_id uuid);
            """, conn)) await create.ExecuteNonQueryAsync(ct);
        await Copy.IntoAsync(conn, "bench_apply_plan", ["n", "user_id", "student_id", "resume_id", "position_id", "employer_id"],
            LongRange(0, count).Select(n =>
            {
                var k = from + n;
                var s = world.Students[(int)(k % world.Students.Count)];
                var p = world.Positions[order[(int)(k / world.Students.Count)]];
                return new object?[] { n, s.UserId, s.StudentId, s.ResumeId, p.Id, p.EmployerId };
            }), ct);
        await using var rest = new NpgsqlCommand($"""
            ANALYZE bench_apply_plan;
            CREATE OR REPLACE VIEW bench_apply_fair AS SELECT '{world.FairId}'::uuid AS fair_id, '{world.UniversityId}'::uuid AS university_id;
            """, conn);
        await rest.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// One application as the platform commits it, without the platform: the Idempotency-Key claimed
    /// (Infrastructure/Idempotency.cs), the application and its ApplicationSubmitted outbox row (EF Core's
    /// INSERTs of Apply.cs's SaveChanges), the key's stored answer. Client c takes numbers c, c + clients,
    /// c + 2·clients, ... of the plan, so no two transactions insert the same student and posting.
    /// </summary>
    private const string BaselineScript = """
        \set i :i + 1
        \set n :client_id + :clients * :i
        SELECT user_id, student_id, resume_id, position_id, employer_id, fair_id, university_id
          FROM bench_apply_plan, bench_apply_fair WHERE n = :n \gset
        BEGIN;
        INSERT INTO idempotency_keys (user_id, route, key, request_hash, created_at)
        VALUES (:user_id, 'POST /api/applications', 'pgbench-' || CAST(:n AS text), '5f0c8f2ad3c7c7d5e8e8d7b2e4f3a1c0b9a8d7c6e5f4a3b2c1d0e9f8a7b6c5d4', now())
        ON CONFLICT (user_id, route, key) DO UPDATE SET request_hash = excluded.request_hash, created_at = excluded.created_at
          WHERE idempotency_keys.status_code IS NULL AND idempotency_keys.created_at < now() - interval '2 minutes';
        INSERT INTO applications (id, created_at, employer_id, fair_id, position_id, resume_id, resume_title, status, student_id, university_id, updated_at)
        VALUES (gen_random_uuid(), now(), :employer_id, :fair_id, :position_id, :resume_id, '我的简历', 'submitted', :student_id, :university_id, now());
        INSERT INTO outbox_messages (id, attempts, last_error, occurred_at, payload, published_at, sent_at, type)
        VALUES (gen_random_uuid(), 0, NULL, now(),
                jsonb_build_object('applicationId', gen_random_uuid(), 'positionId', CAST(:position_id AS uuid), 'fairId', CAST(:fair_id AS uuid),
                                   'employerId', CAST(:employer_id AS uuid), 'studentId', CAST(:student_id AS uuid), 'universityId', CAST(:university_id AS uuid),
                                   'studentName', '压测学生', 'universityName', '武汉华夏理工学院', 'major', '计算机科学与技术'),
                NULL, NULL, 'JobFair.Server.Features.Applications.ApplicationSubmitted, JobFair.Server')
        RETURNING seq;
        UPDATE idempotency_keys SET status_code = 201, content_type = 'application/json',
               response_body = '{"id":"00000000-0000-0000-0000-000000000000","positionId":"' || CAST(:position_id AS text) || '","fairId":"' || CAST(:fair_id AS text) ||
                               '","resumeId":"' || CAST(:resume_id AS text) || '","resumeTitle":"我的简历","status":"submitted","createdAt":"2020-04-23T09:00:00+08:00","updatedAt":"2020-04-23T09:00:00+08:00"}'
        WHERE user_id = :user_id AND route = 'POST /api/applications' AND key = 'pgbench-' || CAST(:n AS text);
        COMMIT;
        """;
}
