namespace Nereid.Kubernetes.Inventory;

/// <summary>Builds <see cref="InventorySummary"/> values.</summary>
public static class InventorySummarizer
{
    /// <summary>The region bucket of nodes with no region.</summary>
    public const string UnknownRegion = "unknown";

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
            nodes.Sum(n => Fpgas(n.Allocatable)), nodes.Sum(n => Fpgas(n.Free)))
        {
            AvailableNodes = nodes.Count(n => n.Available),
            UnavailableByReason = nodes.SelectMany(n => n.UnavailableReasons).GroupBy(r => r, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            PhysicalGpus = nodes.Sum(n => n.Gpu.PhysicalGpus ?? 0),
            GpusUnavailable = nodes.Sum(n => n.Unavailable.Gpus),
            CpuCoresUnavailable = nodes.Sum(n => n.Unavailable.CpuCores),
            MemoryBytesUnavailable = nodes.Sum(n => n.Unavailable.MemoryBytes),
            FlaggedNodes = nodes.Count(n => n.Warnings.Count > 0),
        };
        var regions = nodes.GroupBy(n => n.Region ?? UnknownRegion, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RegionSummary(g.Key, g.Count(), g.Sum(n => n.Allocatable.CpuCores), g.Sum(n => n.Free.CpuCores),
                g.Sum(n => n.Allocatable.MemoryBytes), g.Sum(n => n.Free.MemoryBytes), g.Sum(n => n.Allocatable.Gpus),
                g.Sum(n => n.Free.Gpus), g.Where(mine.Contains).Sum(n => n.Free.Gpus))
            {
                AvailableNodes = g.Count(n => n.Available),
                PhysicalGpus = g.Sum(n => n.Gpu.PhysicalGpus ?? 0),
                GpusUnavailable = g.Sum(n => n.Unavailable.Gpus),
                CpuCoresUnavailable = g.Sum(n => n.Unavailable.CpuCores),
            });
        return new InventorySummary(totals, ByType(nodes, mine), [.. regions]);
    }

    private static List<AcceleratorSummary> ByType(IReadOnlyCollection<NodeInventory> nodes, HashSet<NodeInventory> mine)
    {
        var rows = nodes.SelectMany(n => Accelerators.Of(n).Select(a => (Share: a, Node: n)));
        return [.. rows.GroupBy(r => (r.Share.Type, r.Share.Kind, r.Share.Resource))
            .OrderBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Type, StringComparer.Ordinal)
            .Select(g => Row(g.Key, [.. g], mine))];
    }

    private static AcceleratorSummary Row((string Type, string Kind, string Resource) key, List<(AcceleratorShare Share, NodeInventory Node)> rows,
        HashSet<NodeInventory> mine)
    {
        var sharing = key.Kind == "gpu"
            ? string.Join(", ", rows.Select(r => r.Node.Gpu.SharingText).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            : null;
        var total = rows.Sum(r => r.Share.Total);
        var physical = rows.Sum(r => r.Share.Physical);
        var knownPhysical = rows.All(r => r.Node.Gpu.PhysicalGpus is not null);
        return new AcceleratorSummary(key.Type, key.Kind, key.Resource, rows.Count, total, rows.Sum(r => r.Share.Free),
            rows.Where(r => mine.Contains(r.Node)).Sum(r => r.Share.Free))
        {
            PhysicalGpus = physical,
            Unavailable = rows.Sum(r => r.Share.Unavailable),
            Sharing = string.IsNullOrEmpty(sharing) ? null : sharing,
            FlaggedNodes = rows.Count(r => r.Node.Warnings.Count > 0),
            Text = key.Kind switch
            {
                "gpu" => Accelerators.Text(knownPhysical ? physical : null, total, string.IsNullOrEmpty(sharing) ? null : sharing),
                "fpga" => total == 1 ? "1 FPGA" : $"{total} FPGAs",
                _ => total == 1 ? "1 slot" : $"{total} slots",
            },
        };
    }

    private static long Fpgas(ResourceAmounts a) => a.Extended.Where(e => ResourceNames.Classify(e.Key) == ExtendedKind.Fpga).Sum(e => e.Value);
}
