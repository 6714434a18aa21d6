using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Inventory;

/// <summary>What one namespace's running pods request right now.</summary>
/// <param name="GpusByType"><c>nvidia.com/gpu</c> requests grouped by the GFD product of the node each pod runs on (<c>pending</c> when unbound).</param>
/// <param name="Extended">Other extended resources (special GPUs, MIG, FPGA) by resource name.</param>
public sealed record NamespaceUsage(string Namespace, int Pods, decimal CpuCores, long MemoryBytes, long Gpus,
    IReadOnlyDictionary<string, long> GpusByType, IReadOnlyDictionary<string, long> Extended)
{
    /// <summary>Sums the non-terminated pods of <paramref name="ns"/>; <paramref name="nodes"/> names the GPU type of each node.</summary>
    public static NamespaceUsage Compute(string ns, IEnumerable<Pod> pods, IReadOnlyDictionary<string, NodeInventory> nodes)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(nodes);
        var total = ResourceAmounts.Zero;
        var count = 0;
        var byType = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var pod in pods.Where(p => p.Metadata.Namespace == ns && !PodRequests.IsTerminated(p)))
        {
            var amounts = PodRequests.Amounts(pod);
            total = total.Plus(amounts);
            count++;
            if (amounts.Gpus <= 0)
                continue;
            var type = pod.Spec?.NodeName is { Length: > 0 } nodeName
                ? nodes.TryGetValue(nodeName, out var node) ? node.GpuType : "unknown"
                : "pending";
            byType[type] = byType.GetValueOrDefault(type) + amounts.Gpus;
        }
        return new NamespaceUsage(ns, count, total.CpuCores, total.MemoryBytes, total.Gpus, byType, total.Extended);
    }
}
