using System.Diagnostics;
using Nereid.TestSupport.Paths;

namespace Nereid.Bench.Prerequisites;

/// <summary>
/// Makes a scenario's prerequisites present before it runs: when something is missing it runs
/// <c>scripts/install-prerequisites.sh</c> (the same idempotent apt/npm step scripts/test.sh runs) for just those
/// items, then looks again. If they are still missing (no root or sudo, no network) it says which command to run.
/// </summary>
public static class PrerequisiteInstaller
{
    /// <summary>Exit code when a prerequisite is missing and could not be installed (sysexits EX_UNAVAILABLE).</summary>
    public const int UnavailableExitCode = 69;

    /// <summary>True when everything in <paramref name="needed"/> is present, installing what is missing first.</summary>
    public static async Task<bool> EnsureAsync(string scenario, IReadOnlyCollection<Prerequisite> needed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(needed);
        var missing = needed.Where(p => PrerequisiteProbe.Missing(p) is not null).ToList();
        if (missing.Count == 0)
        {
            return true;
        }
        var script = Path.Combine(RepoPaths.Root, "scripts", "install-prerequisites.sh");
        var names = missing.Select(PrerequisiteProbe.ScriptName).ToList();
        var command = $"bash {script} {string.Join(' ', names)}";
        Console.Error.WriteLine($"{scenario}: missing {string.Join(", ", missing.Select(p => PrerequisiteProbe.Missing(p)))}; running {command}");
        var exitCode = await RunScriptAsync(script, names, cancellationToken);
        var still = missing.Where(p => PrerequisiteProbe.Missing(p) is not null).ToList();
        if (still.Count == 0)
        {
            return true;
        }
        Console.Error.WriteLine($"{scenario}: still missing {string.Join(", ", still.Select(p => PrerequisiteProbe.Missing(p)))} " +
            $"(install script exit code {exitCode}). Run as root (or with sudo): {command}");
        return false;
    }

    private static async Task<int> RunScriptAsync(string script, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        // The script's output goes to stderr: stdout carries only the RESULT line.
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var name in names)
        {
            start.ArgumentList.Add(name);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("  [prerequisites] " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("  [prerequisites] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return process.ExitCode;
    }
}
