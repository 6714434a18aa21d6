using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Nereid.KubeDouble.Faults;

/// <summary>
/// Holds requests for an injected latency as exactly as the operating system allows. <c>Task.Delay(2 ms)</c> on Linux
/// lands at 3–4 ms under load (timer-queue granularity plus a thread-pool wake-up), which would make the double slower
/// than the latency it claims to inject. One background thread sleeps with <c>nanosleep</c> until the oldest request's
/// deadline; because every request carries the same latency, deadlines arrive in order and a FIFO queue suffices
/// (a latency change while requests wait only delays the later ones, never reorders them).
/// </summary>
internal static partial class LatencyClock
{
    private static readonly ConcurrentQueue<(long Due, TaskCompletionSource Done)> Waiting = new();
    private static readonly SemaphoreSlim Arrivals = new(0);
    private static readonly Lazy<Thread> Sleeper = new(StartSleeper);

    /// <summary>Completes <paramref name="latency"/> after now (or when <paramref name="cancellationToken"/> fires).</summary>
    public static Task DelayAsync(TimeSpan latency, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Task.Delay(latency, cancellationToken);
        }
        _ = Sleeper.Value;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Waiting.Enqueue((Stopwatch.GetTimestamp() + (long)(latency.TotalSeconds * Stopwatch.Frequency), done));
        Arrivals.Release();
        return cancellationToken.CanBeCanceled ? done.Task.WaitAsync(cancellationToken) : done.Task;
    }

    private static Thread StartSleeper()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "kube-double-latency" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        while (true)
        {
            Arrivals.Wait();
            if (!Waiting.TryDequeue(out var next))
            {
                continue;
            }
            var remaining = next.Due - Stopwatch.GetTimestamp();
            if (remaining > 0)
            {
                var nanoseconds = remaining * 1_000_000_000 / Stopwatch.Frequency;
                var request = new Timespec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
                _ = NanoSleep(ref request, IntPtr.Zero);
            }
            next.Done.TrySetResult();
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(ref Timespec request, IntPtr remaining);
}
