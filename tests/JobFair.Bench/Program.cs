using System.Globalization;
using JobFair.Bench;

// Numbers go into docs/performance.md: the same decimal point whatever the machine's locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var scenarios = new Dictionary<string, Func<BenchOptions, CancellationToken, Task<int>>>
{
    ["search"] = SearchScenario.RunAsync,
    ["live-fanout"] = LiveFanoutScenario.RunAsync,
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var scenario) || args.Contains("--help"))
{
    Console.Error.WriteLine($"usage: JobFair.Bench {{{string.Join('|', scenarios.Keys)}}} [options]");
    Console.Error.WriteLine(BenchOptions.Help);
    return args.Contains("--help") ? 0 : 2;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args[1..]);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(BenchOptions.Help);
    return 2;
}

// Ctrl+C ends the run early but still prints what was measured; the overall limit bounds it anyway.
using var stop = new CancellationTokenSource(options.TimeLimit);
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
return await scenario(options, stop.Token);
