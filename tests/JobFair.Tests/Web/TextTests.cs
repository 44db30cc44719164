using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace JobFair.Tests.Web;

/// <summary>
/// Every word of the pages exists in both languages (resx files read from the source tree), every
/// key a page asks for exists, and every refusal code the server can answer has Chinese words.
/// </summary>
public sealed partial class TextTests
{
    private static readonly string Server = Path.Combine(SolutionRoot(), "src", "JobFair.Server");

    [Fact]
    public void Every_text_exists_in_Chinese_and_in_English()
    {
        var pairs = Directory.GetFiles(Server, "*.en.resx", SearchOption.AllDirectories);
        Assert.NotEmpty(pairs);
        foreach (var english in pairs)
        {
            var chinese = english.Replace(".en.resx", ".resx", StringComparison.Ordinal);
            var (zh, en) = (Keys(chinese), Keys(english));
            Assert.True(zh.Count > 0, $"{chinese} is empty");
            Assert.Empty(zh.Keys.Except(en.Keys).Select(k => $"{Path.GetFileName(english)} lacks {k}"));
            Assert.Empty(en.Keys.Except(zh.Keys).Select(k => $"{Path.GetFileName(chinese)} lacks {k}"));
            // Chinese text is Chinese (a few keys are only digits, symbols or a date pattern).
            Assert.Empty(zh.Where(p => Latin().IsMatch(p.Value) && !Cjk().IsMatch(p.Value) && !p.Key.StartsWith("Format.", StringComparison.Ordinal))
                .Select(p => $"{p.Key} is not Chinese: {p.Value}"));
            Assert.Empty(en.Where(p => Cjk().IsMatch(p.Value)).Select(p => $"{p.Key} is not English: {p.Value}"));
        }
    }

    [Fact]
    public void Every_key_a_page_asks_for_exists()
    {
        var missing = new List<string>();
        var asked = 0;
        foreach (var file in Directory.GetFiles(Server, "*.razor", SearchOption.AllDirectories))
        {
            var source = File.ReadAllText(file);
            foreach (Match inject in Injected().Matches(source))
            {
                var (resource, name) = (inject.Groups["type"].Value, inject.Groups["name"].Value);
                var resx = Directory.GetFiles(Server, resource + ".resx", SearchOption.AllDirectories).Single();
                var keys = Keys(resx);
                foreach (Match use in new Regex($@"\b{name}\[""(?<key>[^""$]+)""").Matches(source))
                {
                    asked++;
                    if (!keys.ContainsKey(use.Groups["key"].Value)) missing.Add($"{Path.GetFileName(file)}: {resource} has no {use.Groups["key"].Value}");
                }
            }
        }
        Assert.True(asked > 30, $"found only {asked} uses of a localizer: has the way pages inject IStringLocalizer changed?");
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_refusal_code_the_server_answers_has_words_in_both_languages()
    {
        var codes = Directory.GetFiles(Server, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => RefusalCode().Matches(File.ReadAllText(f)).Select(m => m.Groups["code"].Value))
            .ToHashSet();
        Assert.True(codes.Count > 30, $"found only {codes.Count} refusal codes: has the way use cases refuse changed? Update this scan.");
        var site = Keys(Path.Combine(Server, "Web", "SiteText.resx"));
        Assert.Empty(codes.Where(c => !site.ContainsKey($"Refusal.{c}")).Order().Select(c => $"Refusal.{c} is missing"));
    }

    [Fact]
    public void Every_validation_message_of_a_use_case_has_words_in_both_languages()
    {
        // The literal messages of validators and field refusals, numbers (and interpolated values) as '#', as
        // Refusals.Translate looks them up. Messages built by concatenation stay English on the pages.
        var messages = Directory.GetFiles(Path.Combine(Server, "Features"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => ValidationMessage().Matches(File.ReadAllText(f)).Select(m => m.Groups["message"].Value))
            .Select(m => Digits().Replace(Interpolated().Replace(m, "#"), "#"))
            .ToHashSet();
        Assert.True(messages.Count > 40, $"found only {messages.Count} validation messages: has the way use cases validate changed? Update this scan.");
        var site = Keys(Path.Combine(Server, "Web", "SiteText.resx"));
        Assert.Empty(messages.Where(m => !site.ContainsKey($"Validation.{m}")).Order().Select(m => $"Validation.{m} is missing"));
    }

    private static Dictionary<string, string> Keys(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    private static string SolutionRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "JobFair.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("JobFair.sln not found above the test assembly");
    }

    [GeneratedRegex(@"@inject\s+IStringLocalizer<(?<type>\w+)>\s+(?<name>\w+)")]
    private static partial Regex Injected();

    // Problem.Refuse(status, "code", ...), Problem.Conflict("code", ...), Problem.Forbidden("code", ...), and
    // the stable code given to Identity's sign-in refusals and rate limits.
    [GeneratedRegex(@"(?:Refuse\([^,""]+,|Conflict\(|Forbidden\(|TooManyRequests\([^,]+,[^,]+,|\[""code""\]\s*=)\s*""(?<code>[a-z]+(?:_[a-z]+)*)""")]
    private static partial Regex RefusalCode();

    // .WithMessage("...") and Refusal.Invalid("field", "..."), each a whole literal (interpolated or not).
    [GeneratedRegex(@"(?:WithMessage\(|Invalid\(\s*""[^""]*"",\s*)\$?""(?<message>(?:[^""\\]|\\.)*)""\s*\)")]
    private static partial Regex ValidationMessage();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Interpolated();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();

    [GeneratedRegex(@"[A-Za-z]{3,}")]
    private static partial Regex Latin();
}
