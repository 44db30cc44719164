using System.Globalization;
using JobFair.Faults;

// deploy/faults.sh drives this program:
//   seed --url URL --students N --positions K --state FILE --admin-email E --admin-password P
//   run  --state FILE --connection CS --stop-file FILE --timeline FILE --spread SECONDS [--converge SECONDS]
// "run" is the load: every student uploads a resume and applies to every position, each request
// retried under its own Idempotency-Key until it is answered; it goes on until the stop file exists
// and every request is answered, then waits for the platform to settle and checks what it holds.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

try
{
    var options = Options.Parse(args);
    return args[0] switch
    {
        "seed" => await Seeding.RunAsync(options),
        "run" => await LoadRun.RunAsync(options),
        _ => throw new ArgumentException($"unknown command {args[0]}"),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine("usage: JobFair.Faults seed|run --option value ... (see deploy/faults.sh)");
    return 2;
}

namespace JobFair.Faults
{
    /// <summary>Command-line options as --name value pairs after the command.</summary>
    internal sealed class Options(Dictionary<string, string> values)
    {
        public static Options Parse(string[] args)
        {
            if (args.Length == 0) throw new ArgumentException("a command is required");
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 1; i < args.Length; i += 2)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                    throw new ArgumentException($"expected --name value, got '{args[i]}'");
                values[args[i][2..]] = args[i + 1];
            }
            return new Options(values);
        }

        public string Text(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");
        public int Number(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
    }
}
