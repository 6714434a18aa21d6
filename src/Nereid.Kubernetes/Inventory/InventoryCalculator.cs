using System.Globalization;
using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Inventory;

/// <summary>Turns nodes and pods (as an informer caches them) into <see cref="NodeInventory"/> rows. Pure: no I/O.</summary>
public static class InventoryCalculator
{
    /// <summary>One row per node, ordered by name. Pods not bound to a listed node, and terminated pods, are ignored.</summary>
    public static IReadOnlyList<NodeInventory> Compute(IEnumerable<Node> nodes, IEnumerable<Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(pods);
        var byNode = new Dictionary<string, (ResourceAmounts Sum, int Count)>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var nodeName = pod.Spec?.NodeName;
            if (string.IsNullOrEmpty(nodeName) || PodRequests.IsTerminated(pod))
                continue;
            var amounts = PodRequests.Amounts(pod);
            byNode[nodeName] = byNode.TryGetValue(nodeName, out var acc) ? (acc.Sum.Plus(amounts), acc.Count + 1) : (amounts, 1);
        }
        return [.. nodes.Select(n => Row(n, byNode.TryGetValue(n.Metadata.Name ?? "", out var r) ? r : (ResourceAmounts.Zero, 0)))
            .OrderBy(n => n.Name, StringComparer.Ordinal)];
    }

    /// <summary>The row of one node given what its pods request.</summary>
    public static NodeInventory Row(Node node, (ResourceAmounts Requested, int Pods) usage)
    {
        ArgumentNullException.ThrowIfNull(node);
        var labels = node.Metadata.Labels ?? [];
        var allocatable = ResourceAmounts.From(node.Status?.Allocatable ?? node.Status?.Capacity);
        var taints = node.Spec?.Taints ?? [];
        var ready = node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false;
        var cordoned = node.Spec?.Unschedulable ?? false;
        var idle = allocatable.MinusFloorZero(usage.Requested);
        var reasons = UnavailableReasons(ready, cordoned);
        var available = reasons.Count == 0;
        return new NodeInventory(
            node.Metadata.Name ?? "",
            labels.GetValueOrDefault(ResourceNames.GpuProductLabel),
            ParseInt(labels.GetValueOrDefault(ResourceNames.GpuCountLabel)) is { } count ? (int)count : null,
            ParseInt(labels.GetValueOrDefault(ResourceNames.GpuMemoryLabel)),
            Label(labels, ResourceNames.RegionLabel, ResourceNames.LegacyRegionLabel),
            Label(labels, ResourceNames.ZoneLabel, ResourceNames.LegacyZoneLabel),
            ready,
            cordoned,
            [.. taints.Select(Describe)],
            ResourceAmounts.From(node.Status?.Capacity),
            allocatable,
            usage.Requested,
            available ? idle : idle.Zeroed(),
            usage.Pods)
        {
            BlockingTaints = [.. taints.Where(TaintMatching.Blocks)],
            UnavailableReasons = reasons,
            Unavailable = available ? idle.Zeroed() : idle,
            Gpu = GpuFacts.From(labels, allocatable),
        };
    }

    // Free means "a new pod could start here now": a NotReady or cordoned node's idle capacity is reported apart.
    private static List<string> UnavailableReasons(bool ready, bool cordoned)
    {
        var reasons = new List<string>(2);
        if (!ready)
            reasons.Add("NotReady");
        if (cordoned)
            reasons.Add("cordoned");
        return reasons;
    }

    // The topology.kubernetes.io labels replaced failure-domain.beta.kubernetes.io in 1.17; older nodes carry only the latter.
    private static string? Label(IReadOnlyDictionary<string, string> labels, string key, string legacy) =>
        labels.GetValueOrDefault(key) is { Length: > 0 } v ? v : labels.GetValueOrDefault(legacy) is { Length: > 0 } l ? l : null;

    private static string Describe(Taint t) =>
        string.IsNullOrEmpty(t.Value) ? $"{t.Key}:{t.Effect}" : $"{t.Key}={t.Value}:{t.Effect}";

    private static long? ParseInt(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}
