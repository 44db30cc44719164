using System.Text.RegularExpressions;
using JobFair.Tests.Support;

namespace JobFair.Tests.Guidance;

/// <summary>docs/guidance.md names exactly the routes the server serves under the Guidance tag, each with its verb.</summary>
public sealed partial class GuidanceDocTests(JobFairApp app) : IClassFixture<JobFairApp>
{
    [Fact]
    public async Task The_guidance_contract_lists_every_served_guidance_route_and_no_other()
    {
        using var anonymous = app.Anonymous();
        var document = await anonymous.GetJsonAsync("/openapi/v1.json");
        var served = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (route, item) in document["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
                if (operation?["tags"]?.AsArray().Any(t => (string?)t == "Guidance") == true)
                    served.Add($"{method.ToUpperInvariant()} {route}");

        var doc = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "guidance.md"));
        var documented = new SortedSet<string>(Documented().Matches(doc).Select(m => $"{m.Groups["verb"].Value} {m.Groups["route"].Value}"),
            StringComparer.Ordinal);

        Assert.NotEmpty(served);
        Assert.Equal(served, documented);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "JobFair.sln"))) return dir.FullName;
        throw new InvalidOperationException("JobFair.sln not found above the test's folder");
    }

    [GeneratedRegex(@"^\| (?<verb>GET|POST|PUT|DELETE|PATCH) (?<route>/api/\S+) \|", RegexOptions.Multiline)]
    private static partial Regex Documented();
}
