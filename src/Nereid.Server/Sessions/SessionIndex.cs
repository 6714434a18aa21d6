using System.Runtime.CompilerServices;
using Nereid.Kubernetes.Inventory;
using Nereid.Kubernetes.Models;
using Nereid.Server.Resources;

namespace Nereid.Server.Sessions;

/// <summary>
/// What the options need from one inventory snapshot, computed once per snapshot (not per request): each namespace's
/// current requests, and per GPU product the most free GPUs on one untainted available node plus the tainted nodes
/// that still have free GPUs (checked against each namespace's tolerations).
/// </summary>
internal sealed class SessionIndex
{
    private static readonly ConditionalWeakTable<ClusterSnapshot, SessionIndex> Cache = [];
    private readonly Dictionary<string, NamespaceUsage> _usage;
    private readonly Dictionary<string, long> _untaintedMaxFree = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeInventory>> _taintedWithFree = new(StringComparer.Ordinal);

    private SessionIndex(ClusterSnapshot snapshot)
    {
        _usage = snapshot.Pods.GroupBy(p => p.Metadata.Namespace ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => NamespaceUsage.Compute(g.Key, g, snapshot.NodesByName), StringComparer.Ordinal);
        foreach (var node in snapshot.Nodes)
        {
            if (node.GpuProduct is not { Length: > 0 } product || !node.Available || node.Free.Gpus <= 0)
                continue;
            if (node.BlockingTaints.Count == 0)
                _untaintedMaxFree[product] = Math.Max(_untaintedMaxFree.GetValueOrDefault(product), node.Free.Gpus);
            else
                (_taintedWithFree.TryGetValue(product, out var list) ? list : _taintedWithFree[product] = []).Add(node);
        }
    }

    /// <summary>The index of <paramref name="snapshot"/>, built on first use.</summary>
    public static SessionIndex Of(ClusterSnapshot snapshot) => Cache.GetValue(snapshot, s => new SessionIndex(s));

    /// <summary>What the namespace's running pods request now (zero when it has none).</summary>
    public NamespaceUsage UsageOf(string ns) =>
        _usage.TryGetValue(ns, out var usage) ? usage : new NamespaceUsage(ns, 0, 0, 0, 0, new Dictionary<string, long>(), new Dictionary<string, long>());

    /// <summary>Per GPU product, the most GPUs free on one node a pod with <paramref name="tolerations"/> may land on.</summary>
    public Dictionary<string, long> MaxFreePerNode(IReadOnlyCollection<Toleration> tolerations)
    {
        var result = new Dictionary<string, long>(_untaintedMaxFree, StringComparer.Ordinal);
        foreach (var (product, nodes) in _taintedWithFree)
        {
            foreach (var node in nodes)
            {
                if (node.Free.Gpus > result.GetValueOrDefault(product) && node.SchedulableFor(tolerations))
                    result[product] = node.Free.Gpus;
            }
        }
        return result;
    }
}
