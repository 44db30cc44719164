using System.Globalization;
using System.Reflection;
using CsvHelper;
using CsvHelper.Configuration;
using JobFair.Server.Features.Guidance.Pushes;

namespace JobFair.Server.Features.Universities;

/// <summary>
/// Loads the universities, the official 一帮一 pairs and the Ministry's catalogues of majors shipped
/// in seeds/ (embedded in the build). Idempotent: rows are matched by university name, by (batch,
/// supported university) and by (level, code).
/// </summary>
internal sealed partial class ReferenceData(JobFairDb db, ILogger<ReferenceData> log)
{
    private sealed record UniversityRow(string Name, string Province, string City, bool IsHubei);
    private sealed record PairRow(int Batch, int? Seq, string Supported, string Supporting, string? Activity);

    public async Task LoadAsync(CancellationToken ct = default)
    {
        var universities = Read("universities.csv", r => new UniversityRow(
            r.GetField("name")!, r.GetField("province")!, r.GetField("city")!, r.GetField<bool>("is_hubei")));
        var pairs = Read("pairs-batch2.csv", r => new PairRow(r.GetField<int>("batch"), r.GetField<int>("seq"),
                r.GetField("supported_university")!, r.GetField("supporting_university")!, null))
            .Concat(Read("pairs-batch1-known.csv", r => new PairRow(r.GetField<int>("batch"), null,
                r.GetField("supported_university")!, r.GetField("supporting_university")!, r.GetField("reported_activity"))))
            .ToList();

        var ids = universities.Select(_ => Guid.CreateVersion7()).ToArray();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO universities (id, name, province, city, is_hubei)
            SELECT * FROM unnest({ids}, {universities.Select(u => u.Name).ToArray()},
                                 {universities.Select(u => u.Province).ToArray()},
                                 {universities.Select(u => u.City).ToArray()},
                                 {universities.Select(u => u.IsHubei).ToArray()})
            ON CONFLICT (name) DO UPDATE
              SET province = excluded.province, city = excluded.city, is_hubei = excluded.is_hubei
            """, ct);
        var pairIds = pairs.Select(_ => Guid.CreateVersion7()).ToArray();
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO pairs (id, batch, seq, supported_id, supporting_id, reported_activity)
            SELECT p.id, p.batch, p.seq, s.id, t.id, p.activity
            FROM unnest({pairIds}, {pairs.Select(p => p.Batch).ToArray()}, {pairs.Select(p => p.Seq).ToArray()},
                        {pairs.Select(p => p.Supported).ToArray()}, {pairs.Select(p => p.Supporting).ToArray()},
                        {pairs.Select(p => p.Activity).ToArray()})
                 AS p(id, batch, seq, supported, supporting, activity)
            JOIN universities s ON s.name = p.supported
            JOIN universities t ON t.name = p.supporting
            ON CONFLICT (batch, supported_id) DO UPDATE
              SET seq = excluded.seq, supporting_id = excluded.supporting_id,
                  reported_activity = excluded.reported_activity
            """, ct);
        if (inserted != pairs.Count)
            throw new InvalidOperationException($"seeds: {pairs.Count - inserted} pairs name a university missing from universities.csv");
        var majors = await MajorCatalogue.LoadAsync(db, ct);
        await tx.CommitAsync(ct);
        LogLoaded(universities.Count, pairs.Count, majors);
    }

    private static List<T> Read<T>(string file, Func<CsvReader, T> map)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("seeds/" + file)
            ?? throw new InvalidOperationException($"seeds/{file} is not embedded in the build");
        using var reader = new StreamReader(stream);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        var rows = new List<T>();
        while (csv.Read()) rows.Add(map(csv));
        return rows;
    }

    [LoggerMessage(LogLevel.Information, "Reference data: {Universities} universities, {Pairs} pairs, {Majors} majors")]
    private partial void LogLoaded(int universities, int pairs, int majors);
}
