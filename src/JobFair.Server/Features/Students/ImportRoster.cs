using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using CsvHelper;
using CsvHelper.Configuration;
using JobFair.Server.Features.Accounts;
using JobFair.Server.Features.Positions;
using Microsoft.AspNetCore.Mvc;

namespace JobFair.Server.Features.Students;

/// <summary>
/// A centre imports its graduates as UTF-8 CSV (studentNo,name,major,degree,graduationYear).
/// Good rows are inserted or updated in one statement; bad rows are reported by line and skip.
/// Every row of the file that is not claimed yet gets a fresh activation code (its earlier code
/// stops working): the answer is the only place the codes are ever shown.
/// </summary>
public sealed class ImportRoster(JobFairDb db, TimeProvider time) : IUseCase
{
    public const int MaxBytes = 20 * 1024 * 1024;
    public const int MaxRows = 100_000;
    private static readonly string[] Header = ["studentNo", "name", "major", "degree", "graduationYear"];

    /// <summary>Degrees as centres write them, in either language.</summary>
    private static readonly Dictionary<string, string> DegreeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["associate"] = "associate", ["专科"] = "associate", ["大专"] = "associate",
        ["bachelor"] = "bachelor", ["本科"] = "bachelor",
        ["master"] = "master", ["硕士"] = "master", ["研究生"] = "master",
        ["doctor"] = "doctor", ["博士"] = "doctor",
    };

    public static readonly Refusal NotOwnUniversity = Refusal.Forbidden("not_own_university", "A centre imports only its own university's roster.");
    public static readonly Refusal NotCsv = new(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Send the roster as text/csv (UTF-8).");

    /// <summary>
    /// A line left out: its reason in English, and as a code (fields, control_character, student_no, name, major,
    /// degree, graduation_year, duplicate) with the reason's particulars (counts, the character, the earlier line)
    /// so that a page says it in its reader's language.
    /// </summary>
    public sealed record Rejected(int Line, string Code, string Reason, [property: JsonIgnore] IReadOnlyList<string> Values);
    /// <summary>A roster row's one-time code, as the centre hands it to the graduate.</summary>
    public sealed record ActivationCode(string StudentNo, string Name, string Code);
    public sealed record Response(int Imported, int Updated, IReadOnlyList<Rejected> Rejected, IReadOnlyList<ActivationCode> ActivationCodes);
    private sealed record Row(string StudentNo, string Name, string Major, string Degree, int GraduationYear);
    private sealed record Upserted(string StudentNo, bool Inserted, bool Unclaimed);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/universities/{id:guid}/roster", (Guid id, HttpRequest http, CurrentUser caller, ImportRoster import, CancellationToken ct) =>
                import.RunAsync(caller, id, http.Body, http.ContentType, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBytes))
            // No .Accepts("text/csv"): routing would then answer 415 before authorisation runs.
            .Refuses(Refusal.NotFound("university"), Refusal.Invalid("header", "The first line must be: " + string.Join(',', Header)), NotOwnUniversity, NotCsv)
            .WithSummary("A centre imports or updates its graduates from UTF-8 CSV with the header " +
                         "studentNo,name,major,degree,graduationYear; bad rows are reported by line. Every unclaimed row of the file " +
                         "gets a fresh one-time activation code (activationCodes: studentNo, name, code; valid 30 days; shown only in this answer). " +
                         "Each rejected line says why in English (reason) and as a code (fields, control_character, student_no, name, " +
                         "major, degree, graduation_year, duplicate).");

    /// <summary>Imports the CSV file <paramref name="csv"/>, sent as <paramref name="mediaType"/> (a roster is text/csv), into the university's roster.</summary>
    public async Task<Outcome<Response>> RunAsync(CurrentUser caller, Guid universityId, Stream csv, string? mediaType, CancellationToken ct)
    {
        if (await caller.CentreUniversityAsync(ct) != universityId) return NotOwnUniversity;
        if (mediaType is null || !mediaType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)) return NotCsv;

        var (rows, rejected, headerError) = await ParseAsync(csv, ct);
        if (headerError is not null) return Refusal.Invalid("header", headerError);

        var now = time.GetUtcNow();
        var codes = rows.Select(_ => ActivationCodes.New()).ToArray();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A claimed row keeps no code (a claim uses it up); any other row of the file gets the new one.
        var upserted = rows.Count == 0 ? [] : await db.Database.SqlQuery<Upserted>($"""
            INSERT INTO students (id, university_id, student_no, name, major, degree, graduation_year,
                                  activation_code_hash, activation_code_expires_at, created_at, updated_at)
            SELECT r.id, {universityId}, r.no, r.name, r.major, r.degree, r.year, r.code_hash, {now + ActivationCodes.ValidFor}, {now}, {now}
            FROM unnest({rows.Select(_ => Guid.CreateVersion7()).ToArray()}, {rows.Select(r => r.StudentNo).ToArray()},
                        {rows.Select(r => r.Name).ToArray()}, {rows.Select(r => r.Major).ToArray()},
                        {rows.Select(r => r.Degree).ToArray()}, {rows.Select(r => r.GraduationYear).ToArray()},
                        {rows.Select((r, i) => ActivationCodes.Hash(universityId, r.StudentNo, codes[i])).ToArray()})
                 AS r(id, no, name, major, degree, year, code_hash)
            ON CONFLICT (university_id, student_no) WHERE released_at IS NULL DO UPDATE
              SET name = excluded.name, major = excluded.major, degree = excluded.degree,
                  graduation_year = excluded.graduation_year, updated_at = excluded.updated_at,
                  activation_code_hash = CASE WHEN students.user_id IS NULL THEN excluded.activation_code_hash END,
                  activation_code_expires_at = CASE WHEN students.user_id IS NULL THEN excluded.activation_code_expires_at END
            RETURNING student_no AS "StudentNo", (xmax = 0) AS "Inserted", (user_id IS NULL) AS "Unclaimed"
            """).ToListAsync(ct);
        var unclaimed = upserted.Where(u => u.Unclaimed).Select(u => u.StudentNo).ToHashSet(StringComparer.Ordinal);
        var issued = rows.Select((r, i) => new ActivationCode(r.StudentNo, r.Name, codes[i])).Where(c => unclaimed.Contains(c.StudentNo)).ToList();
        var imported = upserted.Count(u => u.Inserted);
        db.Audit(time, caller.Id, Roles.Centre, "roster_imported", "university", universityId,
            $"{imported} new rows, {upserted.Count - imported} updated, {rejected.Count} rejected, {issued.Count} activation codes issued");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Response(imported, upserted.Count - imported, rejected, issued);
    }

    private static async Task<(List<Row>, List<Rejected>, string?)> ParseAsync(Stream body, CancellationToken ct)
    {
        using var reader = new StreamReader(body, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim, BadDataFound = null, MissingFieldFound = null, DetectColumnCountChanges = false,
        });
        var rows = new Dictionary<string, Row>(StringComparer.Ordinal);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var rejected = new List<Rejected>();
        try
        {
            if (!await csv.ReadAsync() || !csv.ReadHeader() ||
                !Header.SequenceEqual(csv.HeaderRecord!.Select(h => h.Trim()), StringComparer.OrdinalIgnoreCase))
                return ([], [], "The first line must be: " + string.Join(',', Header));
            while (await csv.ReadAsync())
            {
                ct.ThrowIfCancellationRequested();
                var line = csv.Parser.RawRow;
                if (rows.Count + rejected.Count >= MaxRows)
                    return ([], [], $"At most {MaxRows} rows per import; split the file.");
                var (row, reason) = Check(csv);
                if (row is null) { rejected.Add(reason! with { Line = line }); continue; }
                if (lines.TryGetValue(row.StudentNo, out var earlier))
                {
                    rejected.Add(new Rejected(line, "duplicate", $"student number {row.StudentNo} also on line {earlier}",
                        [row.StudentNo, earlier.ToString(CultureInfo.InvariantCulture)]));
                    continue;
                }
                rows[row.StudentNo] = row;
                lines[row.StudentNo] = line;
            }
        }
        catch (DecoderFallbackException)
        {
            return ([], [], "The file is not valid UTF-8.");
        }
        // Sorted so that overlapping imports lock rows in the same order (no deadlock between them).
        return (rows.Values.OrderBy(r => r.StudentNo, StringComparer.Ordinal).ToList(), rejected, null);
    }

    private static (Row?, Rejected?) Check(CsvReader csv)
    {
        static (Row?, Rejected?) No(string code, string reason, params string[] values) => (null, new Rejected(0, code, reason, values));
        if (csv.Parser.Count != Header.Length)
            return No("fields", $"expected {Header.Length} fields, found {csv.Parser.Count}",
                Header.Length.ToString(CultureInfo.InvariantCulture), csv.Parser.Count.ToString(CultureInfo.InvariantCulture));
        if (csv.Parser.Record!.Select(f => SafeText.FirstUnsafe(f, multiLine: false)).FirstOrDefault(c => c is not null) is { } control)
            return No("control_character", $"a field holds the control character {SafeText.Describe(control)}", SafeText.Describe(control));
        var (no, name, major, degree, year) = (csv.GetField(0)!, csv.GetField(1)!, csv.GetField(2)!, csv.GetField(3)!, csv.GetField(4)!);
        if (no.Length is 0 or > 32 || !no.All(char.IsAsciiLetterOrDigit)) return No("student_no", "studentNo must be 1-32 letters or digits");
        if (name.Length is 0 or > 50 || name.Any(char.IsControl)) return No("name", "name must be 1-50 characters");
        if (major.Length is 0 or > 100 || major.Any(char.IsControl)) return No("major", "major must be 1-100 characters");
        if (!DegreeNames.TryGetValue(degree, out var canonical))
            return No("degree", "degree must be one of " + string.Join(", ", Degrees.All) + " (or 专科/本科/硕士/博士)");
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var graduationYear) || graduationYear is < 2000 or > 2100)
            return No("graduation_year", "graduationYear must be a year between 2000 and 2100");
        return (new Row(no, name, major, canonical, graduationYear), null);
    }
}
