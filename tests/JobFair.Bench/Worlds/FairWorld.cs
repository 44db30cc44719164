using System.Diagnostics;
using System.Globalization;
using System.Text;
using JobFair.Bench.Suite;
using Npgsql;

namespace JobFair.Bench.Worlds;

/// <summary>How big a fair to build: employers, postings and their openings, students who take part, applications made before the run.</summary>
internal sealed record WorldPlan(string Tag, int Employers, int Positions, int Openings, int Students, int PriorApplications = 0)
{
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{Employers:N0} employers, {Positions:N0} postings ({Openings:N0} openings), {Students:N0} signed-in students") +
        (PriorApplications > 0 ? string.Create(CultureInfo.InvariantCulture, $", {PriorApplications:N0} applications already made") : "");
}

internal sealed record WorldPosition(Guid Id, Guid EmployerId, string Title, string City, string Degree, string Major);

internal sealed record WorldEmployer(Guid Id, Guid RecruiterId, string RecruiterEmail);

internal sealed record WorldStudent(Guid UserId, string Email, Guid StudentId, Guid ResumeId);

/// <summary>
/// One published fair of the real pair (武汉华夏理工学院 and 江南大学), open now, with approved employers,
/// each with a recruiter account, postings shared into it, and students of the host university
/// with accounts and a resume each. Written straight into the tables (binary COPY) rather than
/// through the API: building 483 students and 317 employers through the API costs minutes of
/// password hashing that the measurements would wait for. Accounts share one password hash, made
/// by the server itself for a template account, so signing in is exactly what it is for anyone.
/// </summary>
internal sealed record FairWorld(
    Guid FairId, Guid UniversityId, IReadOnlyList<WorldEmployer> Employers, IReadOnlyList<WorldPosition> Positions,
    IReadOnlyList<WorldStudent> Students, TimeSpan SeedTime)
{
    public const string Password = "bench-fair-2020";
    private static readonly Guid Nobody = new("00000000-0000-7000-8000-0000000be7c4");

    public static async Task<FairWorld> SeedAsync(ScenarioContext ctx, HttpClient http, WorldPlan plan, int worldNumber, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var template = $"bench-template-{plan.Tag}@bench.jobfair.local";
        await Api.MustAsync(http, HttpMethod.Post, "/api/auth/register", null, new { email = template, password = Password }, ct);
        await using var conn = await ctx.Db.OpenConnectionAsync(ct);
        var hash = (string)(await Scalar(conn, "SELECT password_hash FROM users WHERE normalized_email = upper($1)", ct, template))!;
        var roles = new Dictionary<string, Guid>();
        await using (var cmd = new NpgsqlCommand("SELECT name, id FROM roles", conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) roles[r.GetString(0)] = r.GetGuid(1);

        // The record fair's pair; its supported (Hubei) university's students take part.
        Guid pairId, universityId;
        string hosts;
        await using (var cmd = new NpgsqlCommand("""
            SELECT p.id, p.supported_id, su.name || '·' || sg.name
            FROM pairs p JOIN universities su ON su.id = p.supported_id JOIN universities sg ON sg.id = p.supporting_id
            ORDER BY su.name <> '武汉华夏理工学院', p.batch, p.seq NULLS LAST, p.id LIMIT 1
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) throw new InvalidOperationException("no pairs: the server loads them at start-up");
            (pairId, universityId, hosts) = (r.GetGuid(0), r.GetGuid(1), r.GetString(2));
        }

        var gen = new DataGenerator(seed: 2020 + worldNumber, DateTime.UtcNow);
        var now = gen.Now;
        var fairId = gen.NewId(now);
        await Copy.IntoAsync(conn, "fairs", ["id", "pair_id", "title", "description", "starts_at", "ends_at", "status", "created_by", "created_at", "published_at"],
            [[fairId, pairId, $"{hosts} 2020届毕业生春季“一帮一”联合网络双选会（压测 {plan.Tag}）", "deploy/bench.sh", now.AddHours(-1), now.AddDays(2),
              "published", Nobody, now.AddDays(-3), now.AddDays(-2)]], ct);

        // Employers, each approved in the fair with one recruiter account.
        var employers = Enumerable.Range(0, plan.Employers).Select(i => gen.Employer(worldNumber * 1_000_000 + i)).ToList();
        await Copy.IntoAsync(conn, "employers", ["id", "name", "credit_code", "industry", "city", "size", "created_at"],
            employers.Select(e => new object?[] { e.Id, e.Name, e.CreditCode, e.Family.Industry, e.City, e.Size, e.CreatedAt }), ct);
        await Copy.IntoAsync(conn, "participations", ["fair_id", "employer_id", "status", "requested_at", "decided_at", "decided_by"],
            employers.Select(e => new object?[] { fairId, e.Id, "approved", now.AddDays(-2), now.AddDays(-2), Nobody }), ct);
        var recruiters = employers.Select((e, i) => new WorldEmployer(e.Id, gen.NewId(now), $"hr{i}-{plan.Tag}@bench.jobfair.local")).ToList();
        await Users(conn, recruiters.Select(r => (r.RecruiterId, r.RecruiterEmail, (Guid?)r.Id)), hash, now, ct);
        await Copy.IntoAsync(conn, "user_roles", ["user_id", "role_id"], recruiters.Select(r => new object?[] { r.RecruiterId, roles["recruiter"] }), ct);

        // Postings, open, spread over the employers; openings as even as the total allows.
        var positions = new List<WorldPosition>(plan.Positions);
        var rows = new List<object?[]>(plan.Positions);
        for (var i = 0; i < plan.Positions; i++)
        {
            var e = employers[i % employers.Count];
            var p = gen.Position(e);
            var openings = plan.Openings / plan.Positions + (i < plan.Openings % plan.Positions ? 1 : 0);
            positions.Add(new WorldPosition(p.Id, e.Id, p.Title, p.City, p.Degree, p.Majors[0]));
            rows.Add([p.Id, e.Id, e.Name, p.Title, p.Description, p.City, p.Majors, p.Degree, Math.Max(1, openings), p.SalaryMin, p.SalaryMax,
                null, "open", p.CreatedAt, p.CreatedAt]);
        }
        await Copy.IntoAsync(conn, "positions", ["id", "employer_id", "employer_name", "title", "description", "city", "majors", "degree", "openings",
            "salary_min", "salary_max", "closes_at", "status", "created_at", "updated_at"], rows, ct);
        // Search entries are written by 0007's triggers as the shares arrive.
        await Copy.IntoAsync(conn, "position_fairs", ["position_id", "fair_id", "shared_at"],
            positions.Select(p => new object?[] { p.Id, fairId, now.AddDays(-1) }), ct);

        // Students of the host university, claimed by their accounts, a resume each; and, for a bigger
        // fair, classmates without accounts whose applications were made before the run.
        var pdf = Pdf();
        var students = Enumerable.Range(0, plan.Students)
            .Select(i => new WorldStudent(gen.NewId(now), $"s{i}-{plan.Tag}@bench.jobfair.local", gen.NewId(now), gen.NewId(now))).ToList();
        await Users(conn, students.Select(s => (s.UserId, s.Email, (Guid?)null)), hash, now, ct);
        await Copy.IntoAsync(conn, "user_roles", ["user_id", "role_id"], students.Select(s => new object?[] { s.UserId, roles["student"] }), ct);
        var prior = Enumerable.Range(0, plan.PriorApplications > 0 ? Math.Max(1, plan.PriorApplications / 5) : 0)
            .Select(_ => (StudentId: gen.NewId(now), ResumeId: gen.NewId(now))).ToList();
        var allStudents = students.Select(s => (s.StudentId, s.ResumeId, (Guid?)s.UserId)).Concat(prior.Select(p => (p.StudentId, p.ResumeId, (Guid?)null))).ToList();
        await Copy.IntoAsync(conn, "students", ["id", "university_id", "student_no", "name", "major", "degree", "graduation_year", "user_id", "phone",
            "claimed_at", "created_at", "updated_at"],
            allStudents.Select((s, i) => new object?[]
            {
                s.Item1, universityId, $"B{worldNumber}{i:D7}", "压测学生", positions[i % positions.Count].Major, "bachelor", 2020, s.Item3,
                s.Item3 is null ? null : "13800138000", s.Item3 is null ? null : now.AddDays(-1), now.AddDays(-5), now.AddDays(-1),
            }), ct);
        await Copy.IntoAsync(conn, "resumes", ["id", "student_id", "title", "size", "content", "uploaded_at"],
            allStudents.Select(s => new object?[] { s.Item2, s.Item1, "我的简历", pdf.Length, pdf, now.AddDays(-1) }), ct);
        if (plan.PriorApplications > 0)
        {
            var rng = new Random(worldNumber);
            await Copy.IntoAsync(conn, "applications", ["id", "student_id", "university_id", "position_id", "employer_id", "fair_id", "resume_id",
                "resume_title", "status", "created_at", "updated_at"],
                Enumerable.Range(0, plan.PriorApplications).Select(i =>
                {
                    var s = prior[i % prior.Count];
                    // Student k applies to postings k, k + n, k + 2n, ... of a shuffled order: never twice to one.
                    var p = positions[(i / prior.Count * 7919 + i % prior.Count) % positions.Count];
                    return new object?[] { gen.NewId(now), s.StudentId, universityId, p.Id, p.EmployerId, fairId, s.ResumeId, "我的简历", "submitted",
                        now.AddHours(-rng.Next(1, 40)), now.AddHours(-1) };
                }), ct);
        }
        await using (var analyze = new NpgsqlCommand("ANALYZE", conn)) await analyze.ExecuteNonQueryAsync(ct);
        return new FairWorld(fairId, universityId, recruiters, positions, students, clock.Elapsed);
    }

    /// <summary>Signs the given accounts in through /api/auth/login, a few at a time; each costs the server one password hash.</summary>
    public static async Task<string[]> SignInAsync(HttpClient http, IReadOnlyList<string> emails, CancellationToken ct)
    {
        var tokens = new string[emails.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, emails.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (i, token) => tokens[i] = await Api.SignInAsync(http, emails[i], Password, token));
        return tokens;
    }

    private static async Task Users(NpgsqlConnection conn, IEnumerable<(Guid Id, string Email, Guid? EmployerId)> users, string hash, DateTime now,
        CancellationToken ct) =>
        await Copy.IntoAsync(conn, "users", ["id", "created_at", "user_name", "normalized_user_name", "email", "normalized_email", "email_confirmed",
            "password_hash", "security_stamp", "concurrency_stamp", "phone_number_confirmed", "two_factor_enabled", "lockout_enabled",
            "access_failed_count", "employer_id"],
            users.Select(u => new object?[]
            {
                u.Id, now.AddDays(-5), u.Email, u.Email.ToUpperInvariant(), u.Email, u.Email.ToUpperInvariant(), false, hash,
                Guid.NewGuid().ToString("N").ToUpperInvariant(), Guid.NewGuid().ToString(), false, false, true, 0, u.EmployerId,
            }), ct);

    private static async Task<object?> Scalar(NpgsqlConnection conn, string sql, CancellationToken ct, params object[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        return await cmd.ExecuteScalarAsync(ct);
    }

    /// <summary>The smallest file the server takes for a PDF: a header, one object, a cross-reference table, startxref, %%EOF.</summary>
    public static byte[] Pdf()
    {
        var head = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
        var xref = head.Length;
        return Encoding.ASCII.GetBytes(head + "xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n" +
                                       $"trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n{xref.ToString(CultureInfo.InvariantCulture)}\n%%EOF\n");
    }
}

/// <summary>Binary COPY of rows into a table, each value's type as Npgsql infers it from the .NET value.</summary>
internal static class Copy
{
    public static async Task IntoAsync(NpgsqlConnection conn, string table, string[] columns, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            foreach (var value in row)
            {
                if (value is null) await copy.WriteNullAsync(ct);
                else await copy.WriteAsync(value, ct);
            }
        }
        await copy.CompleteAsync(ct);
    }
}
