using Nereid.Domain.Policies;

namespace Nereid.Server.Policies;

/// <summary>One breach seen by one scan; the scanner turns findings into <see cref="Violation"/> rows.</summary>
internal sealed record PolicyFinding(
    PolicyKind Policy, string Cluster, string Namespace, WorkloadRef Workload, string? PodName, string? OwnerHint,
    string Summary, IReadOnlyDictionary<string, object> Evidence)
{
    /// <summary>Identity of the breach across scans.</summary>
    public (PolicyKind, string, string, string, string, string) Key =>
        (Policy, Cluster, Namespace, Workload.Kind, Workload.Name, PodName ?? "");
}

/// <summary>
/// Usage averaged by Prometheus over the window, keyed by (cluster, namespace, pod); GPU series without pod labels by
/// (cluster, node). The cluster is empty for series without the cluster label: those match a pod of any cluster.
/// </summary>
internal sealed class UsageMetrics
{
    public Dictionary<(string Cluster, string Namespace, string Pod), double> GpuPercent { get; } = [];
    public Dictionary<(string Cluster, string Node), double> GpuPercentByNode { get; } = [];
    public Dictionary<(string Cluster, string Namespace, string Pod), double> CpuCores { get; } = [];
    public Dictionary<(string Cluster, string Namespace, string Pod), double> MemoryBytes { get; } = [];

    /// <summary>The pod's value: from a series of its own cluster, else from one without a cluster label.</summary>
    public static bool TryFind(Dictionary<(string, string, string), double> values, PodFacts pod, out double value)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(pod);
        return values.TryGetValue((pod.Cluster, pod.Namespace, pod.Name), out value) || values.TryGetValue(("", pod.Namespace, pod.Name), out value);
    }

    /// <summary>The node's GPU value, preferring a series of the pod's own cluster.</summary>
    public bool TryFindNode(string cluster, string node, out double value) =>
        GpuPercentByNode.TryGetValue((cluster, node), out value) || GpuPercentByNode.TryGetValue(("", node), out value);
}
