using System.Globalization;
using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.Slurm;

/// <summary>
/// Starts a long-running daemon in the foreground of its own session, detached from our stdio (its output
/// goes to a log file), and returns its PID. Daemons that would fork are run with their "foreground" flag,
/// so the PID we hold is the one to signal at stop time.
/// </summary>
internal static class BackgroundProcess
{
    public static async Task<int> StartAsync(string fileName, IEnumerable<string> arguments, string logFile,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var exports = string.Concat((environment ?? new Dictionary<string, string>())
            .Select(e => $"export {e.Key}={ExitWatchdog.Quote(e.Value)}; "));
        var script = $"{exports}setsid {ExitWatchdog.Command(fileName, arguments)} </dev/null >>{ExitWatchdog.Quote(logFile)} 2>&1 & echo $!";
        var result = (await ProcessRunner.RunAsync("/bin/sh", ["-c", script], cancellationToken: cancellationToken))
            .EnsureSuccess($"starting {Path.GetFileName(fileName)}");
        return int.Parse(result.StandardOutput.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>True while <paramref name="pid"/> exists (signal 0 probes without delivering anything).</summary>
    public static bool IsAlive(int pid) => UnixSignals.Send(pid, 0);

    /// <summary>Sends SIGTERM and waits up to <paramref name="grace"/> for the process to go, then SIGKILL.</summary>
    public static void Stop(int pid, TimeSpan grace)
    {
        if (!UnixSignals.Send(pid, UnixSignals.Terminate))
        {
            return;
        }

        var deadline = Environment.TickCount64 + (long)grace.TotalMilliseconds;
        while (IsAlive(pid) && !IsZombieOrGone(pid) && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(20);
        }

        if (IsAlive(pid) && !IsZombieOrGone(pid))
        {
            UnixSignals.Send(pid, 9);
        }
    }

    private static bool IsZombieOrGone(int pid)
    {
        var status = $"/proc/{pid}/status";
        try
        {
            return !File.Exists(status) || File.ReadLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z', StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return true;
        }
    }
}
