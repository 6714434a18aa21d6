namespace Nereid.Kubernetes.Inventory;

/// <summary>Resource names and node labels the inventory reads, and how extended resources are classified.</summary>
public static class ResourceNames
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string NvidiaGpu = "nvidia.com/gpu";

    /// <summary>GPU Feature Discovery: the model name (spaces replaced by <c>-</c>).</summary>
    public const string GpuProductLabel = "nvidia.com/gpu.product";

    /// <summary>GPU Feature Discovery: the number of GPUs on the node.</summary>
    public const string GpuCountLabel = "nvidia.com/gpu.count";

    /// <summary>GPU Feature Discovery: memory per GPU in MiB.</summary>
    public const string GpuMemoryLabel = "nvidia.com/gpu.memory";

    /// <summary>GPU Feature Discovery: slots advertised per physical GPU (time-slicing or MPS replicas; 1 unshared, 0 on MIG-enabled GPUs).</summary>
    public const string GpuReplicasLabel = "nvidia.com/gpu.replicas";

    /// <summary>GPU Feature Discovery: <c>none</c>, <c>time-slicing</c> or <c>mps</c>.</summary>
    public const string GpuSharingStrategyLabel = "nvidia.com/gpu.sharing-strategy";

    /// <summary>GPU Feature Discovery: <c>none</c>, <c>single</c> (MIG devices advertised as <c>nvidia.com/gpu</c>) or <c>mixed</c> (as <c>nvidia.com/mig-&lt;profile&gt;</c>).</summary>
    public const string MigStrategyLabel = "nvidia.com/mig.strategy";

    /// <summary>Resource name prefix of MIG devices under the mixed strategy; GFD labels each profile <c>nvidia.com/mig-&lt;profile&gt;.count</c>.</summary>
    public const string MigResourcePrefix = "nvidia.com/mig-";

    /// <summary>The device plugin's resource for time-sliced GPUs when <c>renameByDefault</c> is set.</summary>
    public const string SharedGpu = "nvidia.com/gpu.shared";

    public const string RegionLabel = "topology.kubernetes.io/region";
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    /// <summary>Deprecated region label (before Kubernetes 1.17), still set on older or hand-labelled nodes.</summary>
    public const string LegacyRegionLabel = "failure-domain.beta.kubernetes.io/region";

    /// <summary>Deprecated zone label (before Kubernetes 1.17).</summary>
    public const string LegacyZoneLabel = "failure-domain.beta.kubernetes.io/zone";

    /// <summary>The kind of an extended resource, or null for resources the inventory does not track (pods, hugepages…).</summary>
    public static ExtendedKind? Classify(string resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource == NvidiaGpu)
            return null;
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
            return null;
        var name = resource[(slash + 1)..];
        if (name.StartsWith("fpga", StringComparison.OrdinalIgnoreCase))
            return ExtendedKind.Fpga;
        if (resource.StartsWith("nvidia.com/mig-", StringComparison.Ordinal))
            return ExtendedKind.Mig;
        if (resource.StartsWith("nvidia.com/", StringComparison.Ordinal))
            return ExtendedKind.SpecialGpu;
        return ExtendedKind.Other;
    }
}

/// <summary>What an extended resource is, for grouping in the inventory.</summary>
public enum ExtendedKind
{
    /// <summary>A named GPU resource other than <c>nvidia.com/gpu</c>, e.g. <c>nvidia.com/a100</c>.</summary>
    SpecialGpu,

    /// <summary>A MIG slice, <c>nvidia.com/mig-1g.5gb</c>.</summary>
    Mig,

    /// <summary>An FPGA, <c>xilinx.com/fpga-xilinx_u250…</c> or any <c>*/fpga*</c>.</summary>
    Fpga,

    /// <summary>Any other vendor extended resource (e.g. <c>smarter-devices/fuse</c>).</summary>
    Other,
}
