using System.Net;
using Npgsql;

namespace JobFair.Faults;

/// <summary>
/// What must hold once the platform has settled: every application and resume exists exactly once
/// (with the id its client was answered), every notification was stored once, every key holds one
/// answer, no event is left in the outbox, and the fair's figures equal a recount from SQL, both as
/// stored and as the API serves them. Each check is written here from the tables, independently of
/// the server's code.
/// </summary>
internal sealed class Verification(World world, string connectionString, IReadOnlyList<StudentRequest> requests, Monitor monitor)
{
    private List<StudentRequest> Applications => requests.Where(r => r.Kind == "application").ToList();

    /// <summary>Waits until nothing is in flight any more; returns when (null: not within the limit).</summary>
    public async Task<long?> SettleAsync(TimeSpan limit)
    {
        var expected = Applications.Count(r => r.CreatedId is not null);
        var deadline = Client.Now() + (long)limit.TotalMilliseconds;
        while (Client.Now() < deadline)
        {
            var sample = await monitor.TakeAsync();
            if (sample.Reachable && sample.Unsent == 0 && sample.Applications == expected && sample.CountedApplications == expected &&
                await NotificationsAsync() == expected && await CountedAsync())
                return sample.AtMs;
            await Task.Delay(500);
        }
        return null;
    }

    public async Task<bool> CheckAsync()
    {
        var ok = true;
        void Check(bool holds, string what)
        {
            Console.WriteLine($"{(holds ? "ok  " : "FAIL")} {what}");
            ok &= holds;
        }

        var unanswered = requests.Count(r => r.Answer?.Status != 201);
        Check(unanswered == 0, $"every request was answered 201 in the end ({requests.Count - unanswered} of {requests.Count})");

        var rows = await RowsAsync("SELECT id, student_id, position_id FROM applications WHERE fair_id = $1", world.FairId);
        var byPair = rows.GroupBy(r => (Student: r[1], Position: r[2])).ToDictionary(g => g.Key, g => g.Select(r => r[0]).ToList());
        var applicationsOnce = Applications.All(a => a.CreatedId is { } id && byPair.TryGetValue((a.Student.StudentId, a.PositionId!.Value), out var ids) &&
                                                     ids.Count == 1 && ids[0] == id);
        Check(applicationsOnce && rows.Count == Applications.Count,
            $"every application exists exactly once, with the id its student was answered ({rows.Count} rows for {Applications.Count} deliveries)");

        var students = world.Students.Select(s => s.StudentId).ToArray();
        var resumes = await RowsAsync("SELECT id, student_id FROM resumes WHERE student_id = ANY($1) AND deleted_at IS NULL", students);
        var uploads = requests.Where(r => r.Kind == "resume").ToList();
        Check(resumes.Count == uploads.Count && uploads.All(u => resumes.Count(r => r[1] == u.Student.StudentId) == 1 &&
                                                                 resumes.Any(r => r[0] == u.CreatedId)),
            $"every resume was stored exactly once ({resumes.Count} for {uploads.Count} uploads)");

        var links = await TextsAsync("SELECT link FROM notifications WHERE user_id = $1 AND kind = 'application_received'", world.RecruiterUserId);
        var perApplication = links.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        Check(links.Count == rows.Count && rows.All(r => perApplication.GetValueOrDefault($"/applications/{r[0]}") == 1),
            $"every application's notification was stored exactly once ({links.Count} for {rows.Count} applications)");

        var keys = await TextsAsync("SELECT key || ' ' || status_code FROM idempotency_keys WHERE key = ANY($1)",
            requests.Select(r => r.Key).ToArray());
        Check(keys.Count == requests.Count && keys.All(k => k.EndsWith(" 201", StringComparison.Ordinal)),
            $"every Idempotency-Key holds one stored answer, 201 ({keys.Count} for {requests.Count} requests)");

        Check(await CountAsync("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL") == 0, "no event is left unsent in the outbox");

        var recount = await RecountAsync();
        var stored = await StoredFiguresAsync();
        Check(recount.SequenceEqual(stored), $"the fair's stored figures equal a recount from SQL ({Describe(recount)})");
        var served = (await new Client(new Uri(world.BaseUrl)).GetAsync($"/api/fairs/{world.FairId}/stats"))
            .Expect(HttpStatusCode.OK, "the fair's figures");
        var api = Figures.Select(f => (long)served[f.Api]!).ToList();
        Check(recount.SequenceEqual(api), $"the figures the API serves equal the recount ({Describe(api)})");
        return ok;
    }

    private static readonly (string Api, string Column)[] Figures =
    [
        ("employers", "employers"), ("positions", "positions"), ("openings", "openings"), ("applicants", "applicants"),
        ("applications", "applications"), ("interviewsInvited", "interviews_invited"), ("interviewsBooked", "interviews_booked"),
        ("offers", "offers"), ("signed", "signed"),
    ];

    private static string Describe(List<long> values) =>
        string.Join(", ", Figures.Select((f, i) => $"{f.Api} {values[i]}"));

    /// <summary>The contract's definitions of a fair's figures, counted from the source tables.</summary>
    private Task<List<long>> RecountAsync() => LongsAsync("""
        SELECT (SELECT count(*) FROM participations WHERE fair_id = $1 AND status = 'approved'),
               (SELECT count(*) FROM position_fairs pf JOIN positions p ON p.id = pf.position_id
                WHERE pf.fair_id = $1 AND p.status = 'open' AND (p.closes_at IS NULL OR p.closes_at > now())),
               (SELECT coalesce(sum(p.openings), 0) FROM position_fairs pf JOIN positions p ON p.id = pf.position_id
                WHERE pf.fair_id = $1 AND p.status = 'open' AND (p.closes_at IS NULL OR p.closes_at > now())),
               (SELECT count(DISTINCT student_id) FROM applications WHERE fair_id = $1),
               (SELECT count(*) FROM applications WHERE fair_id = $1),
               (SELECT count(DISTINCT t.application_id) FROM application_transitions t JOIN applications a ON a.id = t.application_id
                WHERE a.fair_id = $1 AND t.to_status = 'interview_invited'),
               (SELECT count(*) FROM interview_bookings WHERE fair_id = $1 AND status = 'booked'),
               (SELECT count(DISTINCT t.application_id) FROM application_transitions t JOIN applications a ON a.id = t.application_id
                WHERE a.fair_id = $1 AND t.to_status = 'offered'),
               (SELECT count(*) FROM applications WHERE fair_id = $1 AND status = 'signed')
        """);

    private Task<List<long>> StoredFiguresAsync() => LongsAsync(
        $"SELECT {string.Join(", ", Figures.Select(f => f.Column))} FROM fair_stats WHERE fair_id = $1");

    /// <summary>Counted since the last change: no mark left, not due again (a future due time is only a closing date ahead).</summary>
    private async Task<bool> CountedAsync() =>
        await CountAsync("""
            SELECT count(*) FROM fair_stats s WHERE s.fair_id = $1 AND (s.stale_since IS NULL OR s.stale_since > now())
              AND NOT EXISTS (SELECT 1 FROM fair_stats_marks m WHERE m.fair_id = s.fair_id)
            """, world.FairId) == 1;

    private Task<long> NotificationsAsync() =>
        CountAsync("SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'application_received'", world.RecruiterUserId);

    private async Task<long> CountAsync(string sql, object? parameter = null)
    {
        try
        {
            await using var connection = new NpgsqlConnection(monitor.ConnectionString);
            await connection.OpenAsync();
            await using var command = Command(sql, connection, parameter);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (NpgsqlException)
        {
            return -1;
        }
    }

    private async Task<List<long>> LongsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = Command(sql, connection, world.FairId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    private async Task<List<Guid[]>> RowsAsync(string sql, object parameter)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = Command(sql, connection, parameter);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Guid[]>();
        while (await reader.ReadAsync()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetGuid).ToArray());
        return rows;
    }

    private async Task<List<string>> TextsAsync(string sql, object parameter)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = Command(sql, connection, parameter);
        await using var reader = await command.ExecuteReaderAsync();
        var texts = new List<string>();
        while (await reader.ReadAsync()) texts.Add(reader.GetString(0));
        return texts;
    }

    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, object? parameter)
    {
        var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return command;
    }
}
