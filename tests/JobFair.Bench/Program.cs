using System.Globalization;
using JobFair.Bench.Suite;

// Figures go into JSON and Markdown: the same decimal point whatever the machine's locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Contains("--help"))
{
    Console.WriteLine(RunSettings.Usage);
    Console.WriteLine("scenarios (all of them, in this order, when none is named):");
    Console.WriteLine(Runner.ScenarioList());
    return 0;
}

// deploy/bench.sh asks first, before it provisions anything: are these scenarios there to run?
if (args.Length > 0 && args[0] == "--check") return Runner.Check(args[1..].Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList());

RunSettings settings;
try
{
    settings = RunSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(RunSettings.Usage);
    return 2;
}

// Ctrl+C stops the run; what was measured so far is still written. A full run takes well under two hours.
using var stop = new CancellationTokenSource(TimeSpan.FromHours(2));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
return await Runner.RunAsync(settings, stop.Token);
