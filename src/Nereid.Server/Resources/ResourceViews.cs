using Nereid.Kubernetes.Inventory;
using Nereid.Server.Resources.Words;

namespace Nereid.Server.Resources;

/// <summary>One node in API responses: typed numbers (cores as decimals, bytes and counts as integers).</summary>
/// <param name="GpuCount">The GFD <c>nvidia.com/gpu.count</c> label as written (under MIG single it counts MIG devices; see <see cref="PhysicalGpus"/>).</param>
/// <param name="Region">Topology region label, else the deprecated failure-domain label, else the cluster's region.</param>
/// <param name="Free">Allocatable minus requested on an available node; zero on a NotReady or cordoned node (see <see cref="Unavailable"/>).</param>
internal sealed record NodeView(string Cluster, string Name, string? GpuProduct, int? GpuCount, long? GpuMemoryMiB, string? Region, string? Zone,
    bool Ready, bool Unschedulable, bool SchedulableForMe, IReadOnlyList<string> Taints, int Pods,
    ResourceAmounts Capacity, ResourceAmounts Allocatable, ResourceAmounts Requested, ResourceAmounts Free)
{
    /// <summary>Ready and not cordoned: new pods can start here.</summary>
    public bool Available { get; init; }

    /// <summary>Why the node is unavailable (<c>NotReady</c>, <c>cordoned</c>); empty when available.</summary>
    public IReadOnlyList<string> UnavailableReasons { get; init; } = [];

    /// <summary>Idle capacity a NotReady or cordoned node holds back (allocatable minus requested); zero when available.</summary>
    public ResourceAmounts Unavailable { get; init; } = ResourceAmounts.Zero;

    /// <summary>Physical GPUs by GFD labels; null when unknown (no labels, or MIG single).</summary>
    public int? PhysicalGpus { get; init; }

    /// <summary>Advertised GPU slots: <c>nvidia.com/gpu</c>, <c>nvidia.com/gpu.shared</c> and every <c>nvidia.com/mig-*</c>. Never added to <see cref="PhysicalGpus"/>.</summary>
    public long GpuSlots { get; init; }

    /// <summary>Sharing mode (<c>time-sliced ×7</c>, <c>MPS ×4</c>, <c>MIG</c>, <c>MIG single</c>), or null for whole GPUs.</summary>
    public string? GpuSharing { get; init; }

    /// <summary>For people: <c>8 GPUs (physical) · 56 slots (time-sliced ×7)</c>; empty on nodes without GPUs.</summary>
    public string GpuText { get; init; } = "";

    /// <summary>Things to check, e.g. GPU labels that disagree with what the device plugin advertises.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The accelerator types this node offers, as listed in the summary's <c>byGpuType</c> and accepted by <c>gpuType</c>.</summary>
    public IReadOnlyList<string> GpuTypes { get; init; } = [];

    /// <summary>The GPU product in words (<c>NVIDIA-A100-SXM4-80GB</c> → "NVIDIA A100 SXM4 80GB"); null on nodes without a product label.</summary>
    public string? GpuProductDisplayName { get; init; }

    /// <summary>Each extended resource the node advertises, by raw name and in words, with free and allocatable counts.</summary>
    public IReadOnlyList<ExtendedResourceView> ExtendedResources { get; init; } = [];

    /// <summary>Every taint, raw and in words, and whether the caller's namespaces tolerate it.</summary>
    public IReadOnlyList<TaintView> TaintDetails { get; init; } = [];

    /// <summary>True when the caller's pods could start here now: <see cref="SchedulableForMe"/> and no reason in <see cref="NotForMeReasons"/>.</summary>
    public bool ForMe { get; init; }

    /// <summary>Why the node is not for the caller, in words (unavailable, a taint or reservation not tolerated, no quota left, no namespace); empty when it is.</summary>
    public IReadOnlyList<string> NotForMeReasons { get; init; } = [];
}

/// <summary>An extended resource on a node: <c>name</c> as Kubernetes spells it, <c>displayName</c> for people.</summary>
internal sealed record ExtendedResourceView(string Name, string DisplayName, long Free, long Allocatable);

/// <summary>An accelerator type as the summary lists it, with its name in words.</summary>
internal sealed record GpuTypeName(string Type, string Kind, string DisplayName);

/// <summary>A connected cluster, whether its inventory has finished the first list, and how fresh it is.</summary>
/// <param name="ComputedAt">When the inventory was last recomputed (after the last node or pod change seen).</param>
internal sealed record ClusterView(string Name, string? Region, bool Synced, DateTimeOffset ComputedAt)
{
    /// <summary>Until when the numbers are known to be current: the cluster's last answer, else <see cref="ComputedAt"/>.</summary>
    public DateTimeOffset ObservedAt { get; init; } = ComputedAt;

    /// <summary>True when the cluster did not answer its last check: its numbers are the last known state.</summary>
    public bool Stale { get; init; }

    /// <summary>Since when the cluster has not answered; null when not stale.</summary>
    public DateTimeOffset? UnreachableSince { get; init; }

    /// <summary>Why the numbers are stale (which source, since when, the error); null when not stale.</summary>
    public string? Reason { get; init; }
}

/// <summary><c>GET /api/v1/resources/nodes</c>: <c>clusters</c> is 0 when none is connected (the list is then empty, not an error).</summary>
internal sealed record NodesResponse(int Clusters, IReadOnlyList<ClusterView> ClusterList, IReadOnlyList<NodeView> Items)
{
    /// <summary>True when any cluster's numbers are the last known state (see each cluster's <c>reason</c>).</summary>
    public bool Stale => ClusterList.Any(c => c.Stale);
}

/// <summary><c>GET /api/v1/resources/summary</c>.</summary>
internal sealed record SummaryResponse(int Clusters, IReadOnlyList<ClusterView> ClusterList, InventorySummary Summary)
{
    /// <summary>Each accelerator type of <c>summary.byGpuType</c> in words, in the same order.</summary>
    public IReadOnlyList<GpuTypeName> GpuTypeNames { get; init; } = [];

    /// <summary>How to request each accelerator type in a pod spec (node selector and resource name), in the order of <c>summary.byGpuType</c>.</summary>
    public IReadOnlyList<GpuRequestHint> Requesting { get; init; } = [];

    /// <summary>The same totals per cluster, in the order of <c>clusterList</c>, so a federated platform shows what each cluster holds.</summary>
    public IReadOnlyList<ClusterSummary> ByCluster { get; init; } = [];

    /// <summary>True when any cluster's numbers are the last known state (see each cluster's <c>reason</c>).</summary>
    public bool Stale => ClusterList.Any(c => c.Stale);
}

/// <summary>One cluster's share of the summary.</summary>
/// <param name="Cluster">The connected cluster.</param>
/// <param name="Regions">The regions its nodes are in (a node without a region label counts in the cluster's region), ordered.</param>
/// <param name="Totals">The totals over its nodes alone, "free for me" for the same person.</param>
internal sealed record ClusterSummary(string Cluster, IReadOnlyList<string> Regions, InventoryTotals Totals);

/// <summary><c>GET /api/v1/namespaces/{name}/usage</c>: what the namespace requests now, per cluster and in total.</summary>
internal sealed record NamespaceUsageResponse(string Namespace, int Clusters, NamespaceUsage Total, IReadOnlyDictionary<string, NamespaceUsage> ByCluster)
{
    /// <summary>The region each cluster of <see cref="ByCluster"/> is registered in (null when it has none).</summary>
    public IReadOnlyDictionary<string, string?> ClusterRegions { get; init; } = new Dictionary<string, string?>();

    /// <summary>The same requests by the region of the node each pod runs on (else its cluster's region, else <c>unknown</c>).</summary>
    public IReadOnlyDictionary<string, NamespaceUsage> ByRegion { get; init; } = new Dictionary<string, NamespaceUsage>();
}

/// <summary>Filters of the node list.</summary>
/// <param name="Gpu">GPU product or extended resource name (case-insensitive substring).</param>
/// <param name="Region">Region as listed in the summary's <c>byRegion</c> (<c>unknown</c> selects nodes with none).</param>
/// <param name="FreeForMe">Only nodes where the caller's pods could be scheduled.</param>
/// <param name="GpuType">Accelerator type exactly as listed in the summary's <c>byGpuType</c> (case-insensitive).</param>
internal sealed record NodeFilter(string? Cluster = null, string? Gpu = null, string? Region = null, bool FreeForMe = false, string? GpuType = null);

/// <summary>Values the node filters offer (regions and accelerator types as the summary lists them).</summary>
internal sealed record FilterChoices(IReadOnlyList<string> Regions, IReadOnlyList<string> GpuTypes);
