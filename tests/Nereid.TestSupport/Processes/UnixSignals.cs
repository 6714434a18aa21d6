using System.Runtime.InteropServices;

namespace Nereid.TestSupport.Processes;

/// <summary>Sends POSIX signals; .NET only offers SIGKILL, but servers shut down cleanly on others.</summary>
internal static partial class UnixSignals
{
    /// <summary>SIGQUIT: PostgreSQL's "immediate shutdown", what <c>pg_ctl stop -m immediate</c> sends.</summary>
    public const int Quit = 3;

    /// <summary>SIGTERM: graceful shutdown request.</summary>
    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; returns false when no such process exists.</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
