namespace JobFair.Bench.Suite;

/// <summary>
/// The scenarios of the suite: every <see cref="IScenario"/> in this program, found by reflection,
/// so that adding one (pages) is adding its file. Names the issue reserves for scenarios not
/// built yet are listed in <see cref="Later"/> with the reason, so that asking for one says so
/// instead of running something else; a scenario of that name, once written, takes its place.
/// </summary>
internal static class Registry
{
    public static readonly IReadOnlyDictionary<string, string> Later = new Dictionary<string, string>
    {
        ["pages"] = "needs the server-rendered fair and position pages (issues 12 and 13), which are being built now: " +
                    "50 readers (wrk) on /fairs/{id} and its position list beside the JSON API answering the same data",
    };

    public static IReadOnlyList<IScenario> All { get; } = typeof(Registry).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IScenario).IsAssignableFrom(t))
        .Select(t => (IScenario)Activator.CreateInstance(t, nonPublic: true)!)
        .OrderBy(s => s.Order).ThenBy(s => s.Name, StringComparer.Ordinal)
        .ToList();

    public static IScenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>Why a reserved name cannot run yet, or null when it can (or is unknown).</summary>
    public static string? NotYet(string name) => Find(name) is null && Later.TryGetValue(name, out var why) ? why : null;

    public static IEnumerable<(string Name, string Why)> Unavailable =>
        Later.Where(l => Find(l.Key) is null).Select(l => (l.Key, l.Value));
}
