using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using JobFair.Bench.Suite;
using JobFair.Bench.Tools;
using JobFair.Bench.Worlds;
using Npgsql;

namespace JobFair.Bench.Scenarios;

/// <summary>
/// Issue 17: 2,000 students walk up to 50 booths at once (40 in each line) while 100 recruiters (two
/// per booth) call the next student as fast as their talks allow; every student listens on the live
/// hub. Measured: how long a change of the line takes to reach each student it moves, as a
/// <c>queuePosition</c> on their connection, from the server's moment of the change (the join's
/// <c>joinedAt</c>, the call's <c>calledAt</c>) to arrival. Afterwards the run is checked (see
/// <see cref="ScenarioResult.Checks"/>): the database shows every student called exactly once, each
/// student was told of their call exactly once, the place each phone showed once everyone had joined
/// was their true place, no phone ever showed its student further back, no update lost, no error. The baseline is pgbench running the call transaction alone (the
/// first waiting entry taken with SKIP LOCKED, marked called, its outbox rows) with as many clients
/// as recruiters, the server paused.
/// </summary>
internal sealed class QueueScenario : IScenario
{
    public string Name => "queue";
    public string Summary => "2,000 students in 50 booth lines (400 in 10 with --quick), 2 recruiters per booth calling; queuePosition p99 to the student";
    public int Order => 25;
    /// <summary>The issue names no figure; a position update within a second is what a student watching a phone would call live.</summary>
    public const double TargetP99Ms = 1000;
    private const int RecruitersPerBooth = 2, PerLine = 40, JoinConcurrency = 200, ConnectConcurrency = 64;
    /// <summary>A recruiter's talk before pressing next again (random in this range): a fair day compressed, lines still moving every few hundred ms.</summary>
    private const int TalkMinMs = 300, TalkMaxMs = 900;

    public ServerSpec Server(RunSettings settings) =>
        new("jobfair_bench_queue", Settings: new Dictionary<string, string> { ["RateLimits:SignInBurst"] = "100000", ["RateLimits:SignInPerMinute"] = "100000" });

    public async Task<ScenarioResult> RunAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var booths = ctx.Quick ? 10 : 50;
        var students = booths * PerLine;
        var recruiters = booths * RecruitersPerBooth;
        using var http = ctx.Http(JoinConcurrency + recruiters + 8);
        ctx.Say($"seeding {booths} employers with {RecruitersPerBooth} recruiters each and {students} students ...");
        var world = await FairWorld.SeedAsync(ctx, http, new WorldPlan("queue", booths, booths, booths, students), 1, ct);
        var colleagues = await AddColleaguesAsync(ctx, world, ct);
        ctx.Say($"signing in {recruiters} recruiters and {students} students ...");
        var firsts = await FairWorld.SignInAsync(http, world.Employers.Select(e => e.RecruiterEmail).ToList(), ct);
        var seconds = await FairWorld.SignInAsync(http, colleagues, ct);
        var tokens = await FairWorld.SignInAsync(http, world.Students.Select(s => s.Email).ToList(), ct);
        var staff = world.Employers.Select((e, i) => (Booth: e.Id, Tokens: new[] { firsts[i], seconds[i] })).ToList();
        foreach (var (booth, pair) in staff)
            await Api.MustAsync(http, HttpMethod.Put, $"/api/fairs/{world.FairId}/booths/{booth}", pair[0],
                new { open = true, cap = 2000, minutesPerTalk = 5 }, ct);

        ctx.Say($"connecting {students} students to /hubs/live ...");
        var hub = new UriBuilder(ctx.Url) { Scheme = "ws", Path = "/hubs/live" }.Uri;
        var listeners = new QueueListener?[students];
        var connectErrors = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, students), new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency, CancellationToken = ct },
            async (i, token) =>
            {
                try
                {
                    listeners[i] = await QueueListener.ConnectAsync(hub, tokens[i], token);
                }
#pragma warning disable CA1031 // a connection that cannot be opened is counted, never fatal to the run
                catch (Exception) when (!token.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref connectErrors);
                }
            });
        using var pinging = new CancellationTokenSource();
        var pings = PingAsync(listeners, pinging.Token);
        var lineOf = Enumerable.Range(0, students).Select(i => world.Employers[i % booths].Id).ToArray();
        // A called student comes into the room at once, as a phone in hand would (the talk then counts for the estimate).
        var entered = 0L;
        var enterErrors = 0L;
        for (var i = 0; i < students; i++)
        {
            if (listeners[i] is not { } l) continue;
            var (token, booth) = (tokens[i], lineOf[i]);
            l.Called = async _ =>
            {
                var answer = await Api.SendAsync(http, HttpMethod.Post, $"/api/fairs/{world.FairId}/booths/{booth}/queue/enter", token, ct: ct);
                if (answer.Ok) Interlocked.Increment(ref entered);
                else Interlocked.Increment(ref enterErrors);
            };
        }

        var statuses = new ConcurrentBag<(string Kind, double Millis, HttpStatusCode Status, string? Code)>();
        var meter = new Meter(ctx.Server.Pid, Meter.PostmasterPid());
        var clock = Stopwatch.StartNew();

        ctx.Say($"{students} students join {booths} lines at once ...");
        using (var start = new SemaphoreSlim(0))
        using (var gate = new SemaphoreSlim(JoinConcurrency))
        {
            var joins = Enumerable.Range(0, students).Select(i => Task.Run(async () =>
            {
                await start.WaitAsync(ct);
                await gate.WaitAsync(ct);
                try
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var answer = await Api.SendAsync(http, HttpMethod.Post, $"/api/fairs/{world.FairId}/booths/{lineOf[i]}/queue", tokens[i], null, $"join-{i}", ct);
                    statuses.Add(("join", Stopwatch.GetElapsedTime(t0).TotalMilliseconds, answer.Status, answer.Code));
                }
                finally
                {
                    gate.Release();
                }
            }, ct)).ToList();
            start.Release(students);
            await Task.WhenAll(joins);
        }
        var joinTime = clock.Elapsed;
        ctx.Say(string.Create(CultureInfo.InvariantCulture, $"joined in {joinTime.TotalSeconds:F1} s; waiting for every phone's place ..."));

        // Every phone has its place before the first call (a minute at most: one without is reported), so the places can be checked.
        using (var settle = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            settle.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                while (listeners.OfType<QueueListener>().Any(l => { lock (l.Places) return l.Places.Count == 0; }))
                    await Task.Delay(100, settle.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                ctx.Say("some students have no place a minute after joining; calling anyway");
            }
        }
        var settleTime = clock.Elapsed - joinTime;
        // A reading of the lines older than this saw no call (each call's calledAt is later): the places everyone joined into.
        var callsFrom = DateTimeOffset.UtcNow;
        var callClock = Stopwatch.StartNew();
        await Task.WhenAll(staff.SelectMany(s => s.Tokens.Select((token, k) => (s.Booth, Token: token, Seed: k))).Select(r => Task.Run(async () =>
        {
            var rng = new Random(r.Booth.GetHashCode() ^ r.Seed);
            for (var press = 0; press < 1000; press++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var answer = await Api.SendAsync(http, HttpMethod.Post, $"/api/fairs/{world.FairId}/booths/{r.Booth}/queue/next", r.Token, null,
                    $"next-{r.Booth}-{r.Seed}-{press}", ct);
                statuses.Add(("next", Stopwatch.GetElapsedTime(t0).TotalMilliseconds, answer.Status, answer.Code));
                if (!answer.Ok) return; // queue_empty: the line is done
                await Task.Delay(rng.Next(TalkMinMs, TalkMaxMs), ct);
            }
        }, ct)));
        var callTime = callClock.Elapsed;
        ctx.Say(string.Create(CultureInfo.InvariantCulture, $"every phone had its place {settleTime.TotalSeconds:F1} s after the joins; the calls took {callTime.TotalSeconds:F1} s"));
        // The last calls' events and the students' answers settle before the books are read: the outbox empties and
        // the phones go quiet (every one called, or nothing new for 10 s), three minutes at most. An event still on
        // its way is late, not lost; one that never comes after that is lost.
        var drained = await SettleAsync(ctx, listeners, ct);
        ctx.Say(string.Create(CultureInfo.InvariantCulture, $"events settled {drained.TotalSeconds:F1} s after the last call"));
        var cpu = await meter.StopAsync();
        await pinging.CancelAsync();
        await pings;

        var check = await CheckLinesAsync(ctx, world.FairId, students, ct);
        var entries = await EntriesAsync(ctx, world.FairId, ct);
        var listenerOf = world.Students.Select((s, i) => (s.StudentId, Listener: listeners[i])).ToDictionary(x => x.StudentId, x => x.Listener);
        var delivery = DeliveryOf(entries, listenerOf);
        var places = PlacesOf(entries, listenerOf, callsFrom);
        var told = ToldOf(listeners);
        var held = listeners.Count(l => l is { IsOpen: true });
        foreach (var l in listeners.OfType<QueueListener>()) await l.DisposeAsync();

        await ctx.Server.PauseAsync();
        PgBenchResult sql;
        try
        {
            sql = await BaselineAsync(ctx, world, booths, recruiters, ct);
        }
        finally
        {
            // The baseline's outbox rows describe nothing that happened: the resumed server must not publish them.
            await using (var forget = ctx.Db.CreateCommand("DELETE FROM outbox_messages WHERE payload ->> 'told' IS NOT NULL"))
                await forget.ExecuteNonQueryAsync(ct);
            await ctx.Server.ResumeAsync();
        }

        var joinsMs = statuses.Where(s => s.Kind == "join" && s.Status == HttpStatusCode.Created).Select(s => s.Millis).Order().ToArray();
        var nextMs = statuses.Where(s => s.Kind == "next" && s.Status == HttpStatusCode.OK).Select(s => s.Millis).Order().ToArray();
        var refused = statuses.LongCount(s => !(s.Status is HttpStatusCode.Created or HttpStatusCode.OK || s.Code == "queue_empty"));
        var failures = refused + connectErrors + enterErrors + (students - held);
        List<Check> checks =
        [
            new("every student called exactly once (the database)", check.Exact, check.Describe()),
            new("every student told of their call exactly once (their called events)", told.Once == students,
                string.Create(CultureInfo.InvariantCulture, $"{told.Once:N0} of {students:N0} once, {told.Twice} more than once, {told.Never} never")),
            new("every phone showed its true place once all had joined (the newest reading before the first call)", places.Wrong == 0 && places.Missing == 0,
                string.Create(CultureInfo.InvariantCulture, $"{places.Exact:N0} right, {places.Wrong} wrong, {places.Missing} with no reading")),
            new("no phone ever showed its student further back than an older reading", places.MovedBack == 0,
                string.Create(CultureInfo.InvariantCulture, $"{places.MovedBack} entries moved back")),
            new("no position update lost", delivery.Lost == 0, string.Create(CultureInfo.InvariantCulture, $"{delivery.Lost:N0} lost")),
            new("no error (requests, connections, entering the room)", failures == 0,
                string.Create(CultureInfo.InvariantCulture, $"{refused} refused requests, {connectErrors} connections not opened, {students - held} dropped, {enterErrors} failed entries")),
        ];
        var errors = failures + delivery.Lost + (check.Exact ? 0 : 1) + told.Twice + told.Never + places.Wrong + places.Missing + places.MovedBack;
        var p50 = Latency.Percentile(delivery.Millis, 50);
        var p99 = Latency.Percentile(delivery.Millis, 99);
        var honest = checks.All(c => c.Passed);
        var met = honest && p99 < TargetP99Ms;
        var notes = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{students:N0} signed-in students, each on its own /hubs/live connection, joined {booths} booth lines ({PerLine} each) at once ")
            .Append(CultureInfo.InvariantCulture, $"({JoinConcurrency} requests in flight) in {joinTime.TotalSeconds:F1} s (join p50 {Latency.Percentile(joinsMs, 50):F1}, p99 {Latency.Percentile(joinsMs, 99):F1} ms); ")
            .Append(CultureInfo.InvariantCulture, $"every phone had its place {settleTime.TotalSeconds:F1} s later; ")
            .Append(CultureInfo.InvariantCulture, $"then {recruiters} recruiters ({RecruitersPerBooth} per booth) pressed next, {TalkMinMs}-{TalkMaxMs} ms of talk between presses, until every line was empty: ")
            .Append(CultureInfo.InvariantCulture, $"{nextMs.Length:N0} calls in {callTime.TotalSeconds:F1} s (next p50 {Latency.Percentile(nextMs, 50):F1}, p99 {Latency.Percentile(nextMs, 99):F1} ms); ")
            .Append(CultureInfo.InvariantCulture, $"each called student came into the room at once ({entered:N0} entered). ")
            .Append(CultureInfo.InvariantCulture, $"queuePosition delivery, from the change's server time (joinedAt, calledAt) to arrival at each student it moved: ")
            .Append(CultureInfo.InvariantCulture, $"{delivery.Millis.Count:N0} updates owed and timed, p50 {p50:F1} ms, p99 {p99:F1} ms, max {(delivery.Millis.Count > 0 ? delivery.Millis[^1] : double.NaN):F1} ms; ")
            .Append(CultureInfo.InvariantCulture, $"{delivery.Superseded:N0} not sent because the student had been called meanwhile (their called arrived instead), {delivery.Lost:N0} lost. ")
            .Append(CultureInfo.InvariantCulture, $"Connections held to the end: {held:N0} of {students:N0}. Database afterwards: {check.Describe()}. {cpu.Describe()}. ")
            .Append(CultureInfo.InvariantCulture, $"Baseline: pgbench, {recruiters} clients, the call transaction alone (SKIP LOCKED pick, update, notification, three outbox rows) over the same lines reset, ")
            .Append(CultureInfo.InvariantCulture, $"the server paused: {sql.Describe()}. Value and baseline are p99 ms (the update reaching the student vs the call's database work). ")
            .Append(CultureInfo.InvariantCulture, $"Checks: {checks.Count(c => c.Passed)} of {checks.Count} passed{(honest ? "" : " (FAILED: " + string.Join("; ", checks.Where(c => !c.Passed).Select(c => c.Name)) + ")")}. ")
            .Append(CultureInfo.InvariantCulture, $"Target (ours; the issue names none): every check passed, p99 < {TargetP99Ms:F0} ms: {(met ? "met" : "not met")}.");
        return new ScenarioResult(Name, $"queuePosition p99 ms, change to student ({students:N0} students, {booths} lines)", Math.Round(p99, 1),
            "pgbench: the call transaction alone, p99 ms", Math.Round(sql.P99, 1), ScenarioResult.RatioOf(p99, sql.P99), p50, p99, errors, notes.ToString())
        {
            Target = $"every check passed; p99 < {TargetP99Ms:F0} ms", TargetMet = met, Checks = checks,
        };
    }

    /// <summary>The second recruiter of each employer, written as the first (same password hash, the recruiter role).</summary>
    private static async Task<List<string>> AddColleaguesAsync(ScenarioContext ctx, FairWorld world, CancellationToken ct)
    {
        await using var conn = await ctx.Db.OpenConnectionAsync(ct);
        var first = world.Employers[0].RecruiterId;
        var colleagues = world.Employers.Select((e, i) => (Id: Guid.CreateVersion7(), Email: $"hr{i}-b-queue@bench.jobfair.local", Employer: e.Id)).ToList();
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO users (id, created_at, user_name, normalized_user_name, email, normalized_email, email_confirmed, password_hash, security_stamp,
                               concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, employer_id)
            SELECT c.id, u.created_at, c.email, upper(c.email), c.email, upper(c.email), false, u.password_hash, upper(replace(gen_random_uuid()::text, '-', '')),
                   gen_random_uuid()::text, false, false, true, 0, c.employer
            FROM users u, unnest($2::uuid[], $3::text[], $4::uuid[]) AS c(id, email, employer)
            WHERE u.id = $1
            """, conn))
        {
            cmd.Parameters.AddWithValue(first);
            cmd.Parameters.AddWithValue(colleagues.Select(c => c.Id).ToArray());
            cmd.Parameters.AddWithValue(colleagues.Select(c => c.Email).ToArray());
            cmd.Parameters.AddWithValue(colleagues.Select(c => c.Employer).ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await using (var cmd = new NpgsqlCommand(
            "INSERT INTO user_roles (user_id, role_id) SELECT c, r.role_id FROM unnest($2::uuid[]) AS c, user_roles r WHERE r.user_id = $1", conn))
        {
            cmd.Parameters.AddWithValue(first);
            cmd.Parameters.AddWithValue(colleagues.Select(c => c.Id).ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }
        return colleagues.Select(c => c.Email).ToList();
    }

    private static async Task<TimeSpan> SettleAsync(ScenarioContext ctx, QueueListener?[] listeners, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var (received, quietSince) = (-1L, clock.Elapsed);
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await using var unsent = ctx.Db.CreateCommand("SELECT count(*)::int FROM outbox_messages WHERE sent_at IS NULL");
            var left = (int)(await unsent.ExecuteScalarAsync(ct))!;
            long now = 0, uncalled = 0;
            foreach (var l in listeners.OfType<QueueListener>())
                lock (l.Places)
                {
                    now += l.Places.Count + l.Calls.Count;
                    if (l.Calls.Count == 0) uncalled++;
                }
            if (now != received) (received, quietSince) = (now, clock.Elapsed);
            if (left == 0 && (uncalled == 0 || clock.Elapsed - quietSince > TimeSpan.FromSeconds(10))) break;
            await Task.Delay(250, ct);
        }
        // The students' room entries answered to the last calls.
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        return clock.Elapsed;
    }

    private static async Task PingAsync(QueueListener?[] listeners, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
                foreach (var l in listeners.OfType<QueueListener>()) await l.PingAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
    }

    private sealed record Delivery(List<double> Millis, long Superseded, long Lost);

    private sealed record EntryRow(Guid Id, Guid StudentId, Guid EmployerId, long Ticket, DateTimeOffset JoinedAt, DateTimeOffset? CalledAt);

    /// <summary>
    /// For every change of a line (a join, a call), every student it moved: the one who joined, and
    /// everyone still waiting behind the called ticket. Each is owed a queuePosition that shows it:
    /// read after the change's server time and showing a place at least as far forward as the
    /// change left them (a concurrent call's update read before this one committed does not count).
    /// The first such arrival is its delivery. A student called before one arrived was told their
    /// call instead (superseded); otherwise the update is lost.
    /// </summary>
    private static Delivery DeliveryOf(List<EntryRow> entries, Dictionary<Guid, QueueListener?> listenerOf)
    {
        var millis = new List<double>();
        long superseded = 0, lost = 0;
        void Owed(EntryRow entry, DateTimeOffset change, IReadOnlyList<EntryRow> line)
        {
            var place = line.Count(o => o.Ticket <= entry.Ticket && (o.CalledAt is null || o.CalledAt > change));
            if (listenerOf[entry.StudentId] is not { } l) return; // never connected: counted as a connection error
            PlaceReceipt? first;
            DateTimeOffset? calledAt;
            lock (l.Places)
            {
                first = l.Places.Where(p => p.EntryId == entry.Id && p.AsOf >= change && p.Position <= place).OrderBy(p => p.ReceivedAt).Cast<PlaceReceipt?>().FirstOrDefault();
                calledAt = l.Calls.TryGetValue(entry.Id, out var c) ? c.First : null;
            }
            if (first is { } got && (calledAt is null || got.ReceivedAt <= calledAt)) millis.Add((got.ReceivedAt - change).TotalMilliseconds);
            else if (calledAt is not null) superseded++;
            else lost++;
        }
        foreach (var line in entries.GroupBy(e => e.EmployerId))
        {
            var ordered = line.OrderBy(e => e.Ticket).ToList();
            foreach (var entry in ordered) Owed(entry, entry.JoinedAt, ordered);
            foreach (var called in ordered.Where(e => e.CalledAt is not null))
                foreach (var behind in ordered.Where(e => e.Ticket > called.Ticket && e.JoinedAt <= called.CalledAt && (e.CalledAt is null || e.CalledAt > called.CalledAt)))
                    Owed(behind, called.CalledAt!.Value, ordered);
        }
        millis.Sort();
        return new Delivery(millis, superseded, lost);
    }

    private static async Task<List<EntryRow>> EntriesAsync(ScenarioContext ctx, Guid fairId, CancellationToken ct)
    {
        var entries = new List<EntryRow>();
        await using var cmd = ctx.Db.CreateCommand(
            "SELECT id, student_id, employer_id, ticket, joined_at, called_at FROM booth_queue_entries WHERE fair_id = $1");
        cmd.Parameters.AddWithValue(fairId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            entries.Add(new EntryRow(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetInt64(3), r.GetFieldValue<DateTimeOffset>(4),
                r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5)));
        return entries;
    }

    private sealed record PlaceCheck(int Exact, int Wrong, int Missing, int MovedBack);

    /// <summary>
    /// What each phone showed. Once everyone had joined and before the first call, the newest reading
    /// of the line a student got (the page keeps the latest <c>asOf</c>) must be their true place, their
    /// ticket's rank in the line: every lower ticket had committed before theirs (tickets are taken
    /// under the booth's lock), so their own join's reading already saw it. And over the whole run no
    /// reading may show a student further back than an older one: nobody moves back in a line.
    /// </summary>
    private static PlaceCheck PlacesOf(List<EntryRow> entries, Dictionary<Guid, QueueListener?> listenerOf, DateTimeOffset callsFrom)
    {
        int exact = 0, wrong = 0, missing = 0, movedBack = 0;
        foreach (var line in entries.GroupBy(e => e.EmployerId))
            foreach (var (entry, rank) in line.OrderBy(e => e.Ticket).Select((e, i) => (e, i + 1)))
            {
                if (listenerOf[entry.StudentId] is not { } l) continue; // never connected: counted as a connection error
                List<PlaceReceipt> read;
                lock (l.Places) read = l.Places.Where(p => p.EntryId == entry.Id).OrderBy(p => p.AsOf).ToList();
                var joined = read.LastOrDefault(p => p.AsOf < callsFrom);
                if (joined == default) missing++;
                else if (joined.Position == rank) exact++;
                else wrong++;
                if (read.Zip(read.Skip(1)).Any(pair => pair.Second.AsOf > pair.First.AsOf && pair.Second.Position > pair.First.Position)) movedBack++;
            }
        return new PlaceCheck(exact, wrong, missing, movedBack);
    }

    private sealed record ToldCheck(int Once, int Twice, int Never);

    /// <summary>How many called events each connected student got, over all their entries (one entry each in this run).</summary>
    private static ToldCheck ToldOf(QueueListener?[] listeners)
    {
        int once = 0, twice = 0, never = 0;
        foreach (var l in listeners)
        {
            if (l is null) continue; // never connected: counted as a connection error
            int times;
            lock (l.Places) times = l.Calls.Values.Sum(c => c.Times);
            if (times == 1) once++;
            else if (times == 0) never++;
            else twice++;
        }
        return new ToldCheck(once, twice, never);
    }

    private sealed record LineCheck(long Entries, long Students, long Called, long Waiting, long CalledTwice)
    {
        public int Expected { get; init; }
        public bool Exact => Entries == Expected && Students == Expected && Called == Expected && Waiting == 0 && CalledTwice == 0;

        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"{Entries:N0} entries for {Students:N0} distinct students, {Called:N0} called (then served), {Waiting} still waiting, {CalledTwice} students called more than once: ") +
            (Exact ? "everyone called exactly once" : "NOT everyone called exactly once");
    }

    private static async Task<LineCheck> CheckLinesAsync(ScenarioContext ctx, Guid fairId, int students, CancellationToken ct)
    {
        await using var cmd = ctx.Db.CreateCommand("""
            SELECT count(*), count(DISTINCT student_id), count(*) FILTER (WHERE called_at IS NOT NULL AND status IN ('called', 'served')),
                   count(*) FILTER (WHERE status = 'waiting'),
                   (SELECT count(*) FROM (SELECT student_id FROM booth_queue_entries WHERE fair_id = $1 AND called_at IS NOT NULL
                                          GROUP BY student_id HAVING count(*) > 1) twice)
            FROM booth_queue_entries WHERE fair_id = $1
            """);
        cmd.Parameters.AddWithValue(fairId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new LineCheck(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)) { Expected = students };
    }

    /// <summary>pgbench calls every student of the same lines again (reset to waiting), two clients per booth, each its share of the line.</summary>
    private static async Task<PgBenchResult> BaselineAsync(ScenarioContext ctx, FairWorld world, int booths, int recruiters, CancellationToken ct)
    {
        await using (var setup = ctx.Db.CreateCommand($"""
            UPDATE booth_queue_entries SET status = 'waiting', reason = NULL, called_at = NULL, called_by = NULL, call_expires_at = NULL,
                entered_at = NULL, talk_ended_at = NULL, ended_at = NULL WHERE fair_id = '{world.FairId}';
            DROP TABLE IF EXISTS bench_queue_booths;
            CREATE UNLOGGED TABLE bench_queue_booths AS
              SELECT (row_number() OVER (ORDER BY u.employer_id, u.id))::int - 1 AS n, u.employer_id, u.id AS recruiter_id
              FROM users u JOIN booths b ON b.employer_id = u.employer_id AND b.fair_id = '{world.FairId}';
            """))
            await setup.ExecuteNonQueryAsync(ct);
        await using (var vacuum = ctx.Db.CreateCommand("VACUUM ANALYZE booth_queue_entries, bench_queue_booths"))
            await vacuum.ExecuteNonQueryAsync(ct);
        // Client c serves the booth of row c of bench_queue_booths: rows of one employer are adjacent, so two clients per booth.
        var run = await PgBench.RunAsync(ctx.ConnectionString, ctx.WorkDir, "queue-call", BaselineScript, recruiters, null, PerLine / RecruitersPerBooth,
            new Dictionary<string, string> { ["fair"] = world.FairId.ToString() }, ct);
        ctx.Say($"pgbench: {run.Describe()}");
        return run;
    }

    /// <summary>CallNext's transaction: the first waiting entry nobody else is taking, marked called; the student's notification; three outbox rows (StudentCalled, NotificationCreated, BoothLineMoved).</summary>
    private const string BaselineScript = """
        SELECT employer_id, recruiter_id FROM bench_queue_booths WHERE n = :client_id \gset
        BEGIN;
        WITH picked AS (
            SELECT id FROM booth_queue_entries WHERE fair_id = :fair AND employer_id = :employer_id AND status = 'waiting'
            ORDER BY ticket LIMIT 1 FOR UPDATE SKIP LOCKED),
        called AS (
            UPDATE booth_queue_entries e SET status = 'called', called_at = now(), called_by = :recruiter_id, call_expires_at = now() + interval '60 seconds'
            FROM picked WHERE e.id = picked.id RETURNING e.id, e.student_id, e.ticket),
        told AS (
            INSERT INTO notifications (id, user_id, kind, title, body, link, created_at)
            SELECT gen_random_uuid(), s.user_id, 'queue_called', '轮到你了', '展位叫到了你，请在 60 秒内进入面试房间。', '/rooms/' || called.id, now()
            FROM called JOIN students s ON s.id = called.student_id RETURNING id)
        INSERT INTO outbox_messages (id, attempts, last_error, occurred_at, payload, published_at, sent_at, type)
        SELECT gen_random_uuid(), 0, NULL, now(), jsonb_build_object('entryId', called.id, 'ticket', called.ticket, 'told', (SELECT count(*) FROM told)),
               NULL, NULL, kind
        FROM called, unnest(ARRAY['JobFair.Server.Features.Fairs.Booths.StudentCalled, JobFair.Server',
                                  'JobFair.Server.Features.Notifications.NotificationCreated, JobFair.Server',
                                  'JobFair.Server.Features.Fairs.Booths.BoothLineMoved, JobFair.Server']) AS kind;
        COMMIT;
        """;
}
