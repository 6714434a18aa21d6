namespace Nereid.Kubernetes.Inventory;

/// <summary>
/// The node filters of the resources page and API, and the choices they offer. Choices come from the same groupings the
/// summary uses, so each offered value selects exactly the nodes the summary counts under it.
/// </summary>
public static class InventoryFilter
{
    /// <summary>True when the node's region (or <see cref="InventorySummarizer.UnknownRegion"/> when it has none) is <paramref name="region"/>.</summary>
    public static bool InRegion(NodeInventory node, string region)
    {
        ArgumentNullException.ThrowIfNull(node);
        return string.Equals(node.Region ?? InventorySummarizer.UnknownRegion, region, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Region choices: every region of <paramref name="nodes"/>, and <c>unknown</c> only when a node has none.</summary>
    public static IReadOnlyList<string> Regions(IEnumerable<NodeInventory> nodes) =>
        [.. nodes.Select(n => n.Region ?? InventorySummarizer.UnknownRegion).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Accelerator type choices: every type some node offers (see <see cref="Accelerators.Of"/>).</summary>
    public static IReadOnlyList<string> GpuTypes(IEnumerable<NodeInventory> nodes) =>
        [.. nodes.SelectMany(Accelerators.Of).Select(a => a.Type).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
