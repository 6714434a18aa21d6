using System.Diagnostics;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Projection;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// The least any client can spend on the cold pass's writes: the same projected objects, built, stamped and serialized
/// beforehand, applied under other names (<c>floor-…</c>, another managed-by value, so Nereid's informers never see
/// them) through this rig's client and in-flight cap by a loop that does nothing else, with every slot kept busy
/// (all namespaces first, then everything inside them). Optionally an informer per kind watches them, as Nereid's
/// informers watch its own objects, so the double encodes and this process decodes one watch event per object.
/// </summary>
internal sealed partial class ReconcileRig
{
    private const string FloorManager = "nereid-bench-floor";

    /// <summary>
    /// Applies the objects of every desired namespace once more under names starting with <paramref name="prefix"/>,
    /// <paramref name="inflight"/> at a time; with <paramref name="watch"/>, until the informers saw each one. Returns the
    /// time, this process's and the double's CPU, the object count and how busy the client's slots were.
    /// </summary>
    public async Task<(TimeSpan Elapsed, TimeSpan Cpu, TimeSpan DoubleCpu, int Objects, Concurrency Concurrency)> ApplyFloorAsync(int inflight, bool watch, string prefix, CancellationToken cancellationToken)
    {
        var apply = new ApplyOptions(ProjectionNames.FieldManager, Force: true);
        var objects = ProjectUnder(DesiredNames.Select(n => _controller.Desired.Get(n)!.Snapshot), prefix, FloorManager).SelectMany(o => o).ToList();
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = Task.CompletedTask;
        var seen = 0;
        if (watch)
        {
            var watchers = WatchManagedBy(Client, FloorManager, (_, _) => Interlocked.Increment(ref seen));
            watching = watchers.RunAsync(stopWatching.Token);
            await watchers.WaitForSyncAsync(cancellationToken);
        }
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var doubleBefore = Kube.CpuTime;
        TakeConcurrency();
        var clock = Stopwatch.StartNew();
        foreach (var phase in objects.GroupBy(o => o.Kind.Namespaced).OrderBy(g => g.Key))
        {
            var queue = phase.ToList();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, inflight).Select(async _ =>
            {
                for (int i; (i = Interlocked.Increment(ref next)) < queue.Count;)
                {
                    var (kind, obj, body) = queue[i];
                    await kind.ApplyVersionAsync(Client, obj, body, apply, cancellationToken);
                }
            }));
        }
        if (watch)
        {
            await UntilAsync(() => Volatile.Read(ref seen) >= objects.Count, cancellationToken);
        }
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var doubleCpu = Kube.CpuTime - doubleBefore;
        var concurrency = TakeConcurrency();
        await stopWatching.CancelAsync();
        try
        {
            await watching;
        }
        catch (OperationCanceledException) when (stopWatching.IsCancellationRequested)
        {
            // The watches stopped.
        }
        return (elapsed, cpu, doubleCpu, objects.Count, concurrency);
    }
}
