using System.Diagnostics;
using System.Globalization;

namespace Nereid.TestSupport.Processes;

/// <summary>
/// A small shell process that waits for this (test) process to die and then runs a cleanup command. It covers
/// the cases exit handlers cannot: the test host being killed after its shutdown timeout, or crashing.
/// Dispose it after a normal cleanup so it never acts on a recycled PID.
/// </summary>
public sealed class ExitWatchdog : IDisposable
{
    private readonly Process _process;

    private ExitWatchdog(Process process) => _process = process;

    /// <summary>
    /// Starts a watchdog that runs the <c>/bin/sh</c> <paramref name="cleanupCommand"/> once the process
    /// <paramref name="watchedProcessId"/> (default: this process) has exited.
    /// </summary>
    public static ExitWatchdog Start(string cleanupCommand, int? watchedProcessId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(cleanupCommand);
        // Detach the shell from our stdio first: an inherited pipe would keep the test runner waiting for EOF.
        var script = string.Create(CultureInfo.InvariantCulture,
            $"exec </dev/null >/dev/null 2>&1; while kill -0 {watchedProcessId ?? Environment.ProcessId}; do sleep 1; done; {cleanupCommand}");
        var info = ProcessRunner.CreateStartInfo("/bin/sh", ["-c", script], null, redirectInput: true);
        return new ExitWatchdog(Process.Start(info) ?? throw new InvalidOperationException("Could not start /bin/sh."));
    }

    /// <summary>Quotes <paramref name="value"/> for a POSIX shell.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Quotes and joins a command line for a POSIX shell.</summary>
    public static string Command(string fileName, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return string.Join(' ', new[] { fileName }.Concat(arguments).Select(Quote));
    }

    /// <summary>Stops the watchdog without running its cleanup.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
