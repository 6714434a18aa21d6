using System.Diagnostics;
using System.Reflection;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// Runs a scenario in a child process with the runtime's tiering delay off (<c>DOTNET_TC_CallCountingDelayMs=0</c>).
/// The runtime starts counting calls towards tier-1 only after 100 ms without new tier-0 code; a warm-up that keeps
/// meeting new code (each fresh double and rig) never gets there, so on two cores the measured pass used to run on
/// instrumented tier-0 code while the background compiler took a quarter of a core. A server that has run for minutes
/// is past all that; this makes the warm-up reach the same state. The knob is read only from the environment, hence
/// the child process.
/// </summary>
public static class TieringRelaunch
{
    private const string Knob = "DOTNET_TC_CallCountingDelayMs";

    /// <summary>
    /// Null when this process already runs with the knob set (the scenario should run here); otherwise the exit code of
    /// the same command run in a child process that has it. The child inherits stdout/stderr, so its RESULT line stays last.
    /// </summary>
    public static async Task<int?> RunInChildAsync(string scenario, string[] args, CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(Knob) is not null)
        {
            return null;
        }
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }
        start.ArgumentList.Add(scenario);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment[Knob] = "0";
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
        try
        {
            await child.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw;
        }
        return child.ExitCode;
    }
}
