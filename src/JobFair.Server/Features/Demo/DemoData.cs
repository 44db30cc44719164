using System.Globalization;
using System.Text;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Notifications;
using JobFair.Server.Features.Notifications.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace JobFair.Server.Features.Demo;

public sealed class DemoOptions
{
    /// <summary><c>JOBFAIR_DEMO=1</c>: load the demo world at start-up (deploy/run.sh's default; off in tests).</summary>
    public bool Enabled { get; set; }

    /// <summary><c>JOBFAIR_DEMO_PASSWORD</c>: the password of every demo account (deploy/run.sh generates one into .data/).</summary>
    public string? Password { get; set; }
}

/// <summary>
/// Loads <see cref="DemoWorld"/> once: in one transaction, under an advisory lock so that several
/// nodes starting together load it once, and not at all when its big fair already exists.
/// The fairs' figures are then counted by the stats refresher like any others.
/// </summary>
internal sealed partial class DemoData(JobFairDb db, TimeProvider time, IOptions<DemoOptions> options, IStringLocalizer<NotificationsText> words,
    ILogger<DemoData> log)
{
    private const long LockKey = 2020_04_23;

    public async Task LoadAsync(CancellationToken ct = default)
    {
        var demo = options.Value;
        if (!demo.Enabled) return;
        if (string.IsNullOrEmpty(demo.Password) || demo.Password.Length < 8)
            throw new InvalidOperationException("JOBFAIR_DEMO=1 needs JOBFAIR_DEMO_PASSWORD (8 characters or more) for the demo accounts.");

        var started = time.GetTimestamp();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", ct);
        if (await db.Fairs.AnyAsync(f => f.Id == DemoWorld.BigFairId, ct))
        {
            LogPresent();
            return;
        }

        var world = new DemoWorld(time.GetUtcNow(), new PasswordHasher<User>().HashPassword(null!, demo.Password), DemoPdf.Make())
        {
            NotificationText = (kind, parameters) => NotificationTexts.WriteInChinese(words, kind, parameters),
        };
        world.Build(
            await PairAsync("武汉华夏理工学院", "江南大学", ct),
            await PairAsync("武汉工程大学", "中国石油大学（北京）", ct),
            await PairAsync("武汉东湖学院", "南京大学", ct),
            await PairAsync("武汉大学", "北京大学", ct));

        LogPhase("build", 0, time.GetElapsedTime(started).TotalMilliseconds);
        await SaveAsync(world.Employers, ct);
        await SaveAsync(world.Users, ct);
        var roles = world.UserRoles;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO user_roles (user_id, role_id)
            SELECT u.id, r.id FROM unnest({roles.Select(r => r.UserId).ToArray()}, {roles.Select(r => r.Role).ToArray()}) AS u(id, role)
            JOIN roles r ON r.name = u.role
            """, ct);
        await SaveAsync(world.Fairs, ct);
        await SaveAsync(world.Participations, ct);
        await SaveAsync(world.Positions, ct);
        await SaveAsync(world.PositionFairs, ct);
        await SaveAsync(world.Students, ct);
        await SaveAsync(world.Resumes, ct);
        await SaveAsync(world.ResumeReads, ct);
        await SaveAsync(world.Applications, ct);
        await SaveAsync(world.Transitions, ct);
        await SaveAsync(world.Slots, ct);
        await SaveAsync(world.Bookings, ct);
        await SaveAsync(world.Notifications, ct);
        await SaveAsync(world.Activities, ct);
        await SaveAsync(world.Counsellors, ct);
        await SaveAsync(world.CounsellorPairs, ct);
        await SaveAsync(world.LedgerAssignments, ct);
        await SaveAsync(world.KeyGroupRows, ct);
        await SaveAsync(world.PlanEntries, ct);
        await SaveAsync(world.Recommendations, ct);
        await SaveAsync(world.PushDays, ct);
        await SaveAsync(world.Reminders, ct);
        await SaveAsync(world.Booths, ct);
        await SaveAsync(world.QueueEntries, ct);
        var fairs = world.Fairs.Select(f => f.Id).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO fair_stats (fair_id, employers, positions, openings, applicants, applications, interviews_invited,
                interviews_booked, offers, signed, stale_since, version)
            SELECT id, 0, 0, 0, 0, 0, 0, 0, 0, 0, {time.GetUtcNow()}, 0 FROM unnest({fairs}) AS f(id)
            ON CONFLICT (fair_id) DO UPDATE SET stale_since = least(fair_stats.stale_since, excluded.stale_since)
            """, ct);
        await tx.CommitAsync(ct);
        LogLoaded(world.Employers.Count, world.Positions.Count, world.Students.Count, world.Applications.Count, world.Bookings.Count,
            time.GetElapsedTime(started).TotalSeconds);
        // Shown here once and never again (only their hashes are stored), as a centre hands codes out.
        foreach (var (studentNo, name, universityId, code) in world.HandedOutCodes)
        {
            var university = await db.Universities.Where(u => u.Id == universityId).Select(u => u.Name).SingleAsync(ct);
            LogHandedOut(university, universityId, studentNo, name, code);
        }
    }

    private async Task<DemoWorld.PairRef> PairAsync(string supported, string supporting, CancellationToken ct) =>
        await db.Pairs.Where(p => p.Supported.Name == supported && p.Supporting.Name == supporting)
            .Select(p => new DemoWorld.PairRef(p.Id, p.SupportedId, p.SupportingId)).FirstOrDefaultAsync(ct)
        ?? throw new InvalidOperationException($"seeds: the pair {supported}–{supporting} is missing");

    /// <summary>
    /// Writes the rows with one binary COPY into their table, columns as the model maps them (the world's rows
    /// carry their own ids): one round trip per table instead of one statement per row, so that a statement-level
    /// trigger (search entries of the shared postings) also runs once for the whole table.
    /// </summary>
    private async Task SaveAsync<T>(IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var phase = time.GetTimestamp();
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => (Property: p, Name: p.GetColumnName(table)!, Type: CopyTypeOf(p.GetColumnType(table))))
            .Where(c => c.Name is not null).ToList();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var copy = $"COPY {Quoted(table.Name)} ({string.Join(", ", columns.Select(c => Quoted(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        await using (var writer = await connection.BeginBinaryImportAsync(copy, ct))
        {
            // As long as any statement of the load may take (the connection's default is 30 s, and the shares' trigger takes a while).
            writer.Timeout = TimeSpan.FromSeconds(db.Database.GetCommandTimeout() ?? 300);
            foreach (var row in rows)
            {
                await writer.StartRowAsync(ct);
                foreach (var (property, _, type) in columns)
                {
                    var value = property.GetGetter().GetClrValue(row);
                    if (property.GetTypeMapping().Converter is { } converter) value = converter.ConvertToProvider(value);
                    if (value is null) await writer.WriteNullAsync(ct);
                    else await writer.WriteAsync(value, type, ct);
                }
            }
            await writer.CompleteAsync(ct);
        }
        LogPhase(typeof(T).Name, rows.Count, time.GetElapsedTime(phase).TotalMilliseconds);
    }

    private static string Quoted(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The column's type as COPY names it: "character varying(200)[]" is "character varying[]".</summary>
    private static string CopyTypeOf(string columnType) =>
        columnType.IndexOf('(', StringComparison.Ordinal) is var open and >= 0
            ? columnType[..open] + columnType[(columnType.IndexOf(')', open) + 1)..]
            : columnType;

    [LoggerMessage(LogLevel.Debug, "Demo phase {Phase}: {Rows} rows in {Milliseconds:F0} ms")]
    private partial void LogPhase(string phase, int rows, double milliseconds);

    [LoggerMessage(LogLevel.Information, "Demo data already loaded")]
    private partial void LogPresent();

    [LoggerMessage(LogLevel.Information, "Demo activation code (shown once): {University} ({UniversityId}) student number {StudentNo} " +
                                         "name {Name} code {Code}; claim it with PUT /api/students/me")]
    private partial void LogHandedOut(string university, Guid universityId, string studentNo, string name, string code);

    [LoggerMessage(LogLevel.Information, "Demo data loaded: {Employers} employers, {Positions} postings, {Students} roster rows, " +
                                         "{Applications} applications, {Bookings} interview bookings in {Seconds:F1} s")]
    private partial void LogLoaded(int employers, int positions, int students, int applications, int bookings, double seconds);
}

/// <summary>A one-page PDF every demo resume shares (the demo's people are made up).</summary>
internal static class DemoPdf
{
    public static byte[] Make()
    {
        const string text = "BT /F1 20 Tf 72 760 Td (JobFair demo resume) Tj 0 -30 Td /F1 12 Tf " +
                            "(Synthetic data: this person does not exist.) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {text.Length} >>\nstream\n{text}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        foreach (var content in objects)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{offsets.Count} 0 obj\n{content}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}

internal static class DemoSetup
{
    public static IServiceCollection AddJobFairDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DemoOptions>(o =>
        {
            o.Enabled = configuration["JOBFAIR_DEMO"] is "1" or "true";
            o.Password = configuration["JOBFAIR_DEMO_PASSWORD"];
        });
        return services.AddScoped<DemoData>();
    }

    /// <summary>Loads the demo (when asked for) before the server takes requests, so that deploy/run.sh returns with it in place.</summary>
    public static async Task LoadDemoAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync();
    }
}
