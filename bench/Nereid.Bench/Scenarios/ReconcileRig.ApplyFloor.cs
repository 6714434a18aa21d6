using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;

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
        var objects = DesiredNames.Select((n, i) => NamespaceProjection.Build(_controller.Desired.Get(n)!.Snapshot with { Name = $"{prefix}-{i:D5}" },
            new ProjectionOptions()).Objects.ToList()).SelectMany(o => o).Select(o =>
            {
                o.Metadata.Labels![ProjectionNames.ManagedByLabel] = FloorManager;
                var kind = OwnedKinds.Of(o);
                AppliedStamp.Stamp(o, AppliedObjects.Hash(kind.Serialize(o)));
                return (Kind: kind, Object: o, Body: kind.Serialize(o));
            }).ToList();
        var watchers = new SharedInformers(Client, TimeProvider.System, NullLoggerFactory.Instance);
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = Task.CompletedTask;
        var seen = 0;
        if (watch)
        {
            var watched = new InformerOptions { LabelSelector = $"{ProjectionNames.ManagedByLabel}={FloorManager}" };
            foreach (var kind in OwnedKinds.All)
            {
                kind.Inform(watchers, watched, (_, _) => Interlocked.Increment(ref seen));
            }
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
