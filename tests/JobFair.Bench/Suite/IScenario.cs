namespace JobFair.Bench.Suite;

/// <summary>
/// One benchmark of the suite: a workload on a private server beside a baseline that does the same
/// essential work without the platform, in the same run. A scenario is one file: the suite finds
/// every implementation of this interface by itself (<see cref="Registry"/>).
/// </summary>
internal interface IScenario
{
    /// <summary>The name on the command line and in the results (fixed by issue 15).</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Summary { get; }

    /// <summary>Where the suite runs it: order in a full run (lower first).</summary>
    int Order { get; }

    /// <summary>The server this scenario drives: its database and any configuration of its own.</summary>
    ServerSpec Server(RunSettings settings);

    Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken ct);
}

/// <summary>
/// The bench server of one scenario. <paramref name="Database"/> is created when missing and kept
/// after the run when <paramref name="Keep"/> (seeded data worth reusing), dropped first otherwise.
/// <paramref name="Settings"/> are configuration keys given to this server only (e.g. Bench:BareHub).
/// </summary>
internal sealed record ServerSpec(string Database, bool Keep = false, IReadOnlyDictionary<string, string>? Settings = null);
