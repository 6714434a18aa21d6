using Nereid.Kubernetes.Inventory;

namespace Nereid.Server.Resources;

/// <summary>One node in API responses: typed numbers (cores as decimals, bytes and counts as integers).</summary>
public sealed record NodeView(string Cluster, string Name, string? GpuProduct, int? GpuCount, long? GpuMemoryMiB, string? Region, string? Zone,
    bool Ready, bool Unschedulable, bool SchedulableForMe, IReadOnlyList<string> Taints, int Pods,
    ResourceAmounts Capacity, ResourceAmounts Allocatable, ResourceAmounts Requested, ResourceAmounts Free);

/// <summary>A connected cluster and whether its inventory has finished the first list.</summary>
public sealed record ClusterView(string Name, string? Region, bool Synced, DateTimeOffset ComputedAt);

/// <summary><c>GET /api/v1/resources/nodes</c>: <c>clusters</c> is 0 when none is connected (the list is then empty, not an error).</summary>
public sealed record NodesResponse(int Clusters, IReadOnlyList<ClusterView> ClusterList, IReadOnlyList<NodeView> Items);

/// <summary><c>GET /api/v1/resources/summary</c>.</summary>
public sealed record SummaryResponse(int Clusters, IReadOnlyList<ClusterView> ClusterList, InventorySummary Summary);

/// <summary><c>GET /api/v1/namespaces/{name}/usage</c>: what the namespace requests now, per cluster and in total.</summary>
public sealed record NamespaceUsageResponse(string Namespace, int Clusters, NamespaceUsage Total, IReadOnlyDictionary<string, NamespaceUsage> ByCluster);

/// <summary>Filters of the node list.</summary>
/// <param name="Gpu">GPU product or extended resource name (case-insensitive substring).</param>
/// <param name="FreeForMe">Only nodes where the caller's pods could be scheduled.</param>
public sealed record NodeFilter(string? Cluster = null, string? Gpu = null, string? Region = null, bool FreeForMe = false);
