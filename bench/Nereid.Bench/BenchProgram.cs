using Nereid.Bench.Prerequisites;
using Nereid.Bench.Scenarios;

namespace Nereid.Bench;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/Nereid.Bench -- &lt;scenario&gt; [options]</c>.
/// A named class instead of top-level statements, because Nereid.Server exposes a public global <c>Program</c>.
/// </summary>
public static class BenchProgram
{
    /// <summary>Exit code for a scenario that is registered but not written yet.</summary>
    public const int NotImplementedExitCode = 2;

    /// <summary>Exit code for a missing or unknown scenario name.</summary>
    public const int UsageExitCode = 64;

    /// <summary>Dispatches to the scenario named by the first argument, passing it the remaining arguments.</summary>
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        if (args.Length == 0 || ScenarioRegistry.Find(args[0]) is not { } scenario)
        {
            Console.Error.WriteLine(args.Length == 0 ? "usage: Nereid.Bench <scenario> [options]" : $"unknown scenario '{args[0]}'");
            Console.Error.WriteLine("scenarios: " + string.Join(", ", ScenarioRegistry.All.Select(s => s.Name)));
            return UsageExitCode;
        }

        if (!await PrerequisiteInstaller.EnsureAsync(scenario.Name, scenario.Prerequisites, cancel.Token))
        {
            return PrerequisiteInstaller.UnavailableExitCode;
        }
        return await scenario.RunAsync(args[1..], cancel.Token);
    }
}
