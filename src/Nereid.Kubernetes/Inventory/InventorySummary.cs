namespace Nereid.Kubernetes.Inventory;

/// <summary>Totals over a set of nodes; "free for me" counts only nodes a pod with the given tolerations could use.</summary>
public sealed record InventorySummary(InventoryTotals Totals, IReadOnlyList<AcceleratorSummary> ByGpuType, IReadOnlyList<RegionSummary> ByRegion);

/// <summary>Cluster-wide totals (allocatable), free, and free for me.</summary>
public sealed record InventoryTotals(int Nodes, int ReadyNodes, int SchedulableForMe, decimal CpuCores, decimal CpuCoresFree,
    long MemoryBytes, long MemoryBytesFree, long Gpus, long GpusFree, long GpusFreeForMe, long Fpgas, long FpgasFree);

/// <summary>One accelerator type: <c>nvidia.com/gpu</c> grouped by GFD product, or a named resource (special GPU, MIG slice, FPGA).</summary>
/// <param name="Type">GPU product (e.g. <c>NVIDIA-A100-SXM4-80GB</c>) or the resource name (e.g. <c>nvidia.com/mig-1g.5gb</c>).</param>
/// <param name="Kind"><c>gpu</c>, <c>special-gpu</c>, <c>mig</c> or <c>fpga</c>.</param>
/// <param name="Resource">The resource pods request for it.</param>
public sealed record AcceleratorSummary(string Type, string Kind, string Resource, int Nodes, long Total, long Free, long FreeForMe);

/// <summary>Totals of one region (<c>unknown</c> for unlabelled nodes).</summary>
public sealed record RegionSummary(string Region, int Nodes, decimal CpuCores, decimal CpuCoresFree, long MemoryBytes, long MemoryBytesFree,
    long Gpus, long GpusFree, long GpusFreeForMe);

/// <summary>Builds <see cref="InventorySummary"/> values.</summary>
public static class InventorySummarizer
{
    /// <summary>Summarises <paramref name="nodes"/> for a person whose pods may carry <paramref name="tolerations"/>.</summary>
    public static InventorySummary Summarize(IReadOnlyCollection<NodeInventory> nodes, IReadOnlyCollection<Models.Toleration> tolerations)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(tolerations);
        var mine = nodes.Where(n => n.SchedulableFor(tolerations)).ToHashSet();
        var totals = new InventoryTotals(nodes.Count, nodes.Count(n => n.Ready), mine.Count,
            nodes.Sum(n => n.Allocatable.CpuCores), nodes.Sum(n => n.Free.CpuCores),
            nodes.Sum(n => n.Allocatable.MemoryBytes), nodes.Sum(n => n.Free.MemoryBytes),
            nodes.Sum(n => n.Allocatable.Gpus), nodes.Sum(n => n.Free.Gpus), mine.Sum(n => n.Free.Gpus),
            nodes.Sum(n => Fpgas(n.Allocatable)), nodes.Sum(n => Fpgas(n.Free)));
        var regions = nodes.GroupBy(n => n.Region ?? "unknown", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RegionSummary(g.Key, g.Count(), g.Sum(n => n.Allocatable.CpuCores), g.Sum(n => n.Free.CpuCores),
                g.Sum(n => n.Allocatable.MemoryBytes), g.Sum(n => n.Free.MemoryBytes), g.Sum(n => n.Allocatable.Gpus),
                g.Sum(n => n.Free.Gpus), g.Where(mine.Contains).Sum(n => n.Free.Gpus)));
        return new InventorySummary(totals, Accelerators(nodes, mine), [.. regions]);
    }

    private static List<AcceleratorSummary> Accelerators(IReadOnlyCollection<NodeInventory> nodes, HashSet<NodeInventory> mine)
    {
        var rows = new List<(string Type, string Kind, string Resource, NodeInventory Node, long Total, long Free)>();
        foreach (var n in nodes)
        {
            if (n.Allocatable.Gpus > 0)
                rows.Add((n.GpuType, "gpu", ResourceNames.NvidiaGpu, n, n.Allocatable.Gpus, n.Free.Gpus));
            foreach (var (resource, total) in n.Allocatable.Extended)
            {
                var kind = ResourceNames.Classify(resource) switch
                {
                    ExtendedKind.SpecialGpu => "special-gpu",
                    ExtendedKind.Mig => "mig",
                    ExtendedKind.Fpga => "fpga",
                    _ => null,
                };
                if (kind is not null && total > 0)
                    rows.Add((resource, kind, resource, n, total, n.Free.ExtendedOf(resource)));
            }
        }
        return [.. rows.GroupBy(r => (r.Type, r.Kind, r.Resource)).OrderBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Type, StringComparer.Ordinal)
            .Select(g => new AcceleratorSummary(g.Key.Type, g.Key.Kind, g.Key.Resource, g.Count(), g.Sum(r => r.Total), g.Sum(r => r.Free),
                g.Where(r => mine.Contains(r.Node)).Sum(r => r.Free)))];
    }

    private static long Fpgas(ResourceAmounts a) => a.Extended.Where(e => ResourceNames.Classify(e.Key) == ExtendedKind.Fpga).Sum(e => e.Value);
}
