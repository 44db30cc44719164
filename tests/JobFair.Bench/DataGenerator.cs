using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace JobFair.Bench;

internal sealed record EmployerRow(Guid Id, string Name, string CreditCode, JobFamily Family, string City, string Size, DateTime CreatedAt);

internal sealed record PositionRow(
    Guid Id, string Title, string Description, string City, string[] Majors, string Degree, int Openings,
    int SalaryMin, int SalaryMax, DateTime? ClosesAt, string Status, DateTime CreatedAt);

/// <summary>
/// Realistic-looking employers and postings from <see cref="Vocabulary"/>. One seeded
/// <see cref="Random"/> drives everything, ids included, so two runs build the same data.
/// </summary>
internal sealed class DataGenerator(int seed, DateTime now)
{
    private const string CreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CreditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly string[] RegionCodes = ["420100", "420600", "420500", "420200", "110108", "310115", "440300", "330106", "320102", "510107"];

    private readonly Random rng = new(seed);
    private readonly HashSet<string> employerNames = [];

    public DateTime Now { get; } = now;

    public T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];
    public bool Chance(double p) => rng.NextDouble() < p;
    public int Between(int min, int maxInclusive) => rng.Next(min, maxInclusive + 1);
    public DateTime DaysAgo(int maxDays) => Now.AddMinutes(-rng.Next(1, maxDays * 24 * 60));

    /// <summary>A UUIDv7 (time-ordered, as the server makes them) whose random bits come from the seeded generator.</summary>
    public Guid NewId(DateTime at)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        var millis = new DateTimeOffset(at).ToUnixTimeMilliseconds();
        Span<byte> stamp = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(stamp, millis);
        stamp[2..].CopyTo(bytes[..6]);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    // Graduates of the programme were from Hubei: a third of postings are in Wuhan.
    public string City() => Chance(0.3) ? "武汉" : Pick(Vocabulary.Cities);

    public EmployerRow Employer(int index)
    {
        var family = Pick(Vocabulary.Families);
        var city = City();
        string name;
        do
        {
            name = city + Pick(Vocabulary.BrandSyllables) + Pick(Vocabulary.BrandSyllables) + Pick(family.NameWords) +
                   Pick(Vocabulary.CompanySuffixes);
        } while (!employerNames.Add(name));
        var created = DaysAgo(60);
        return new EmployerRow(NewId(created), name, CreditCode(index), family, city, Pick(Vocabulary.Sizes), created);
    }

    /// <summary>
    /// A unified social credit code of the official shape (GB 32100: "91", region, organisation
    /// code, check character); the employer's index as organisation code makes it unique.
    /// </summary>
    private string CreditCode(int index)
    {
        var body = "91" + Pick(RegionCodes) + index.ToString("D9", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var i = 0; i < body.Length; i++) sum += CreditCodeAlphabet.IndexOf(body[i], StringComparison.Ordinal) * CreditCodeWeights[i];
        return body + CreditCodeAlphabet[(31 - sum % 31) % 31];
    }

    public PositionRow Position(EmployerRow employer)
    {
        // Most postings are in the employer's own trade; the rest are sales, HR or finance jobs every employer has.
        var family = Chance(0.8) ? employer.Family : Pick(Vocabulary.AnyEmployer);
        var title = Title(family);
        var degree = rng.Next(100) switch { < 20 => "associate", < 75 => "bachelor", < 95 => "master", _ => "doctor" };
        var majors = Enumerable.Range(0, Between(1, 4)).Select(_ => Pick(family.Majors)).Distinct().ToArray();
        var salaryMin = Between(6, 30) * 500;
        var created = DaysAgo(30);
        var closesAt = rng.Next(100) switch
        {
            < 60 => (DateTime?)null,
            < 98 => Now.AddDays(Between(30, 120)),
            _ => Now.AddDays(-Between(1, 10)), // past its closing date: the list leaves it out
        };
        var city = Chance(0.7) ? employer.City : City();
        return new PositionRow(NewId(created), title, Description(employer, family, title, majors, degree, city), city, majors, degree,
            Between(1, 50), salaryMin, salaryMin + Between(2, 20) * 500, closesAt, Chance(0.05) ? "closed" : "open", created);
    }

    private string Title(JobFamily family)
    {
        var core = family.Domains.Length == 0 || Chance(0.25)
            ? Pick(family.Titles)
            : Joined(Pick(family.Domains), Pick(family.Roles));
        if (Chance(0.1)) core = Pick(Vocabulary.TitlePrefixes) + core;
        if (Chance(0.2)) core += Pick(Vocabulary.TitleSuffixes);
        return core;
    }

    // "Java" + "开发工程师" reads "Java 开发工程师", as recruiters write it.
    private static string Joined(string domain, string role) =>
        char.IsAsciiLetterOrDigit(domain[^1]) ? domain + " " + role : domain + role;

    private static readonly Dictionary<string, string> DegreeNames = new()
    {
        ["associate"] = "大专", ["bachelor"] = "本科", ["master"] = "硕士研究生", ["doctor"] = "博士研究生",
    };

    /// <summary>50 to 300 characters of duties, requirements and benefits, cut at a sentence end.</summary>
    private string Description(EmployerRow employer, JobFamily family, string title, string[] majors, string degree, string city)
    {
        var target = Between(50, 300);
        var text = new StringBuilder("岗位职责：");
        text.Append(string.Format(CultureInfo.InvariantCulture, Pick(Vocabulary.Duties), title));
        var parts = new List<string>
        {
            string.Format(CultureInfo.InvariantCulture, Pick(Vocabulary.Duties), Pick(family.Skills)),
            $"任职要求：{DegreeNames[degree]}及以上学历，{string.Join("、", majors)}等相关专业；",
            $"熟悉{Pick(family.Skills)}；",
            Pick(Vocabulary.Traits),
            Pick(Vocabulary.Traits),
            $"福利待遇：{string.Join("、", Enumerable.Range(0, Between(3, 6)).Select(_ => Pick(Vocabulary.Benefits)).Distinct())}；",
            $"工作地点：{city}。",
            $"公司简介：{employer.Name}成立于{Between(1995, 2018)}年，专注于{family.Industry}领域，现有员工{Between(20, 20000)}人。",
        };
        foreach (var part in parts)
        {
            if (text.Length >= target) break;
            if (text.Length + part.Length > 300) continue;
            text.Append(part);
        }
        while (text.Length < 50) text.Append(Pick(Vocabulary.Traits));
        return text.ToString();
    }
}
