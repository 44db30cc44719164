using System.Globalization;
using System.Reflection;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>
/// A major of the Ministry of Education's catalogues (seeds/majors.csv): the undergraduate
/// catalogue (普通高等学校本科专业目录) and the vocational one (职业教育专业目录, 高职专科). Majors of one
/// category (专业类, e.g. 计算机类 0809) are close enough for a position asking for one to be pushed
/// to graduates of another.
/// </summary>
public sealed class Major
{
    public required string Level { get; init; }
    /// <summary>080901, 080717T, 510203: the catalogue's code (T: special, K: controlled).</summary>
    public required string Code { get; init; }
    public required string Name { get; init; }
    /// <summary>门类 (undergraduate, e.g. 08 工学) or 专业大类 (vocational, e.g. 51 电子与信息大类).</summary>
    public required string DisciplineCode { get; init; }
    public required string Discipline { get; init; }
    /// <summary>专业类: 0809 计算机类, 5102 计算机类. The codes of the two catalogues never overlap.</summary>
    public required string CategoryCode { get; init; }
    public required string Category { get; init; }
}

public static class MajorLevels
{
    public const string Undergraduate = "undergraduate";
    public const string Vocational = "vocational";

    /// <summary>The level as the catalogue file names it.</summary>
    public static string FromCatalogue(string level) => level switch
    {
        "本科" => Undergraduate,
        "高职专科" => Vocational,
        _ => throw new InvalidOperationException($"seeds/majors.csv: unknown level '{level}'"),
    };
}

internal sealed class MajorConfiguration : IEntityTypeConfiguration<Major>
{
    public void Configure(EntityTypeBuilder<Major> b)
    {
        b.ToTable("majors");
        b.HasKey(m => new { m.Level, m.Code });
        b.Property(m => m.Level).HasMaxLength(20);
        b.Property(m => m.Code).HasMaxLength(10);
        b.Property(m => m.Name).HasMaxLength(50);
        b.Property(m => m.DisciplineCode).HasMaxLength(2);
        b.Property(m => m.Discipline).HasMaxLength(30);
        b.Property(m => m.CategoryCode).HasMaxLength(4);
        b.Property(m => m.Category).HasMaxLength(30);
        // Students and postings name majors, not codes: matching starts from the name.
        b.HasIndex(m => m.Name);
        b.HasIndex(m => m.CategoryCode);
    }
}

/// <summary>Loads seeds/majors.csv (embedded in the build) into <c>majors</c>; rows are matched by level and code.</summary>
public static class MajorCatalogue
{
    public static async Task<int> LoadAsync(JobFairDb db, CancellationToken ct)
    {
        var majors = Read();
        // Rewrites only rows that changed, so that the start of every node does not churn the table.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO majors (level, code, name, discipline_code, discipline, category_code, category)
            SELECT * FROM unnest({majors.Select(m => m.Level).ToArray()}, {majors.Select(m => m.Code).ToArray()},
                                 {majors.Select(m => m.Name).ToArray()}, {majors.Select(m => m.DisciplineCode).ToArray()},
                                 {majors.Select(m => m.Discipline).ToArray()}, {majors.Select(m => m.CategoryCode).ToArray()},
                                 {majors.Select(m => m.Category).ToArray()})
            ON CONFLICT (level, code) DO UPDATE
              SET name = excluded.name, discipline_code = excluded.discipline_code, discipline = excluded.discipline,
                  category_code = excluded.category_code, category = excluded.category
              WHERE (majors.name, majors.discipline_code, majors.discipline, majors.category_code, majors.category)
                IS DISTINCT FROM (excluded.name, excluded.discipline_code, excluded.discipline, excluded.category_code, excluded.category)
            """, ct);
        return majors.Count;
    }

    /// <summary>The catalogue as shipped, in its order.</summary>
    public static IReadOnlyList<Major> Read()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("seeds/majors.csv")
            ?? throw new InvalidOperationException("seeds/majors.csv is not embedded in the build");
        using var reader = new StreamReader(stream);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        var majors = new List<Major>();
        while (csv.Read())
        {
            majors.Add(new Major
            {
                Level = MajorLevels.FromCatalogue(csv.GetField("level")!), Code = csv.GetField("code")!, Name = csv.GetField("name")!,
                DisciplineCode = csv.GetField("discipline_code")!, Discipline = csv.GetField("discipline")!,
                CategoryCode = csv.GetField("category_code")!, Category = csv.GetField("category")!,
            });
        }
        return majors;
    }
}
