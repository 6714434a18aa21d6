using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// Warms the measured double itself before the cold pass. The warm-up rounds run on doubles of their own (the measured
/// cluster must start empty), so the measured double used to meet its apply, merge and response code for the first time
/// during the cold pass: a perf profile showed a third of its CPU in the JIT then, none of it in the GET baseline measured
/// after it. A real apiserver is compiled ahead of time. Here the same projected objects are applied under other names
/// (<c>warm-…</c>) and another managed-by value, so Nereid's label-selected informers never see them and the cluster
/// stays empty of Nereid's objects; informers of the warm-up's own selector watch them meanwhile, so the double's
/// watch path is compiled too.
/// </summary>
internal sealed partial class ReconcileRig
{
    private const string WarmUpManager = "nereid-bench-warm-up";

    /// <summary>
    /// Creates the objects of <paramref name="namespaces"/> desired namespaces, <paramref name="rounds"/> times under
    /// fresh names, through a client of its own (this rig's request counts stay Nereid's), then waits until the double's
    /// CPU goes quiet (its background compiler done). Returns how many objects were applied.
    /// </summary>
    public async Task<int> WarmDoubleAsync(int namespaces, int rounds, int inflight, CancellationToken cancellationToken)
    {
        var options = new KubernetesClientOptions { MaxConcurrentRequests = inflight, MaxConnectionsPerServer = inflight + 16, PreferHttp2 = true };
        using var client = new KubeClient(Connection, options, TimeProvider.System, NullLogger<KubeClient>.Instance,
            KubeHttpHandlerFactory.Create(Connection, options));
        var apply = new ApplyOptions(ProjectionNames.FieldManager, Force: true);
        // Watches of the warm-up objects, as Nereid's informers watch its own: without them the double wrote its first
        // watch events during the cold pass, and a perf profile of the double then showed 38% of its CPU in the tiered
        // compiler's thread (JIT and type loading), against 35% in its request threads.
        var watchers = WatchManagedBy(client, WarmUpManager, static (_, _) => { });
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = watchers.RunAsync(stopWatching.Token);
        await watchers.WaitForSyncAsync(cancellationToken);
        var snapshots = DesiredNames.Take(namespaces).Select(n => _controller.Desired.Get(n)!.Snapshot).ToList();
        var applied = 0;
        for (var round = 0; round < rounds; round++)
        {
            var objects = ProjectUnder(snapshots, $"warm-{round}", WarmUpManager);
            await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = inflight, CancellationToken = cancellationToken }, async (set, ct) =>
            {
                // The namespace first, then what lives in it, as the reconciler does.
                foreach (var group in set.GroupBy(o => o.Kind.Namespaced).OrderBy(g => g.Key))
                {
                    await Task.WhenAll(group.Select(o => o.Kind.ApplyVersionAsync(client, o.Object, o.Body, apply, ct)));
                }
                Interlocked.Add(ref applied, set.Count);
            });
        }
        await stopWatching.CancelAsync();
        try
        {
            await watching;
        }
        catch (OperationCanceledException) when (stopWatching.IsCancellationRequested)
        {
            // The watches stopped.
        }
        await UntilDoubleQuietAsync(cancellationToken);
        return applied;
    }

    /// <summary>
    /// The objects of <paramref name="snapshots"/>, one list per namespace, projected under the names
    /// <c>{prefix}-00000</c>… and labelled managed by <paramref name="manager"/> (so Nereid's informers never see them),
    /// each stamped and with its apply body.
    /// </summary>
    private static List<List<(OwnedKind Kind, KubeObject Object, byte[] Body)>> ProjectUnder(IEnumerable<NamespaceSnapshot> snapshots, string prefix, string manager) =>
        [.. snapshots.Select((s, i) => NamespaceProjection.Build(s with { Name = $"{prefix}-{i:D5}" }, new ProjectionOptions()).Objects.Select(o =>
        {
            o.Metadata.Labels![ProjectionNames.ManagedByLabel] = manager;
            var kind = OwnedKinds.Of(o);
            var (_, body) = AppliedStamp.StampForApply(kind, o);
            return (kind, o, body);
        }).ToList())];

    /// <summary>Informers of every owned kind selecting <paramref name="manager"/>'s objects, as Nereid's select its own (not yet running).</summary>
    private static SharedInformers WatchManagedBy(IKubeClient client, string manager, Action<KubeObject, bool> onChange)
    {
        var informers = new SharedInformers(client, TimeProvider.System, NullLoggerFactory.Instance);
        var selection = new InformerOptions { LabelSelector = $"{ProjectionNames.ManagedByLabel}={manager}" };
        foreach (var kind in OwnedKinds.All)
        {
            kind.Inform(informers, selection, onChange);
        }
        return informers;
    }

    /// <summary>Waits (at most 30 s) until the double spends under 5% of a core over half a second.</summary>
    private async Task UntilDoubleQuietAsync(CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromMilliseconds(500);
        var limit = Stopwatch.StartNew();
        var before = Kube.CpuTime;
        while (limit.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(window, cancellationToken);
            var now = Kube.CpuTime;
            if (now - before < window / 20)
            {
                return;
            }
            before = now;
        }
    }
}
