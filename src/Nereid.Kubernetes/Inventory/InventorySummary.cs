namespace Nereid.Kubernetes.Inventory;

/// <summary>Totals over a set of nodes; "free for me" counts only nodes a pod with the given tolerations could use.</summary>
public sealed record InventorySummary(InventoryTotals Totals, IReadOnlyList<AcceleratorSummary> ByGpuType, IReadOnlyList<RegionSummary> ByRegion);

/// <summary>
/// Cluster-wide totals. Totals are allocatable on every node; free is allocatable minus requested on available nodes (Ready,
/// not cordoned) only, and the idle capacity of unavailable nodes is reported in the <c>…Unavailable</c> amounts instead.
/// <c>Gpus…</c> count <c>nvidia.com/gpu</c> as advertised (what pods request: a time-sliced GPU advertises several slots);
/// <see cref="PhysicalGpus"/> counts hardware.
/// </summary>
public sealed record InventoryTotals(int Nodes, int ReadyNodes, int SchedulableForMe, decimal CpuCores, decimal CpuCoresFree,
    long MemoryBytes, long MemoryBytesFree, long Gpus, long GpusFree, long GpusFreeForMe, long Fpgas, long FpgasFree)
{
    /// <summary>Nodes that are Ready and not cordoned.</summary>
    public int AvailableNodes { get; init; }

    /// <summary>Unavailable nodes by reason (<c>NotReady</c>, <c>cordoned</c>); a node with both counts under each.</summary>
    public IReadOnlyDictionary<string, int> UnavailableByReason { get; init; } = new Dictionary<string, int>();

    /// <summary>Physical NVIDIA GPUs by GFD labels (nodes without labels or under MIG single add nothing).</summary>
    public long PhysicalGpus { get; init; }

    /// <summary>Idle <c>nvidia.com/gpu</c> slots on unavailable nodes.</summary>
    public long GpusUnavailable { get; init; }

    /// <summary>Idle CPU cores on unavailable nodes.</summary>
    public decimal CpuCoresUnavailable { get; init; }

    /// <summary>Idle memory on unavailable nodes.</summary>
    public long MemoryBytesUnavailable { get; init; }

    /// <summary>Nodes whose GPU labels and allocatable disagree.</summary>
    public int FlaggedNodes { get; init; }
}

/// <summary>One accelerator type: <c>nvidia.com/gpu</c> grouped by GFD product, or a named resource (special GPU, MIG slice, FPGA).</summary>
/// <param name="Type">GPU product (e.g. <c>NVIDIA-A100-SXM4-80GB</c>) or the resource name (e.g. <c>nvidia.com/mig-1g.5gb</c>).</param>
/// <param name="Kind"><c>gpu</c>, <c>special-gpu</c>, <c>mig</c> or <c>fpga</c>.</param>
/// <param name="Resource">The resource pods request for it.</param>
/// <param name="Total">Advertised slots (allocatable) on every node of this type.</param>
/// <param name="Free">Free slots on available nodes.</param>
public sealed record AcceleratorSummary(string Type, string Kind, string Resource, int Nodes, long Total, long Free, long FreeForMe)
{
    /// <summary>Physical GPUs by GFD labels (kind <c>gpu</c> only; never added to the slots).</summary>
    public long PhysicalGpus { get; init; }

    /// <summary>Idle slots on unavailable nodes.</summary>
    public long Unavailable { get; init; }

    /// <summary>Sharing modes seen on these nodes (<c>time-sliced ×7</c>, <c>MIG</c>), or null for whole GPUs.</summary>
    public string? Sharing { get; init; }

    /// <summary>Nodes of this type whose labels and allocatable disagree.</summary>
    public int FlaggedNodes { get; init; }

    /// <summary>For people: <c>8 GPUs (physical) · 56 slots (time-sliced ×7)</c>.</summary>
    public string Text { get; init; } = "";
}

/// <summary>Totals of one region (<c>unknown</c> for nodes with no region label and no cluster region).</summary>
public sealed record RegionSummary(string Region, int Nodes, decimal CpuCores, decimal CpuCoresFree, long MemoryBytes, long MemoryBytesFree,
    long Gpus, long GpusFree, long GpusFreeForMe)
{
    /// <summary>Nodes that are Ready and not cordoned.</summary>
    public int AvailableNodes { get; init; }

    /// <summary>Physical NVIDIA GPUs by GFD labels.</summary>
    public long PhysicalGpus { get; init; }

    /// <summary>Idle <c>nvidia.com/gpu</c> slots on unavailable nodes.</summary>
    public long GpusUnavailable { get; init; }

    /// <summary>Idle CPU cores on unavailable nodes.</summary>
    public decimal CpuCoresUnavailable { get; init; }
}
