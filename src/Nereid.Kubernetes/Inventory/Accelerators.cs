namespace Nereid.Kubernetes.Inventory;

/// <summary>What one node adds to one accelerator type.</summary>
/// <param name="Physical">Physical GPUs (kind <c>gpu</c> only).</param>
/// <param name="Total">Advertised slots.</param>
/// <param name="Free">Free slots (zero on an unavailable node).</param>
/// <param name="Unavailable">Idle slots on an unavailable node.</param>
public sealed record AcceleratorShare(string Type, string Kind, string Resource, long Physical, long Total, long Free, long Unavailable);

/// <summary>
/// The accelerator types of a node. The summary groups by these and the node filter matches them, so every type the summary
/// lists selects exactly the nodes it counts.
/// </summary>
public static class Accelerators
{
    public const string UnknownGpuType = "unknown";

    /// <summary>Types <paramref name="node"/> offers: its GPU product (also when labels promise GPUs the device plugin does not advertise), and each typed extended resource.</summary>
    public static IEnumerable<AcceleratorShare> Of(NodeInventory node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Allocatable.Gpus > 0 || node.Gpu.PhysicalGpus > 0 || node.Gpu.Sharing == GpuSharing.MigSingle)
            yield return new(node.GpuType, "gpu", ResourceNames.NvidiaGpu, node.Gpu.PhysicalGpus ?? 0, node.Allocatable.Gpus, node.Free.Gpus, node.Unavailable.Gpus);
        foreach (var (resource, total) in node.Allocatable.Extended)
        {
            var kind = ResourceNames.Classify(resource) switch
            {
                ExtendedKind.SpecialGpu => "special-gpu",
                ExtendedKind.Mig => "mig",
                ExtendedKind.Fpga => "fpga",
                _ => null,
            };
            if (kind is not null && total > 0)
                yield return new(resource, kind, resource, 0, total, node.Free.ExtendedOf(resource), node.Unavailable.ExtendedOf(resource));
        }
    }

    /// <summary>True when <paramref name="node"/> offers the type named <paramref name="type"/> (as listed in the summary; case-insensitive).</summary>
    public static bool Offers(NodeInventory node, string type) =>
        Of(node).Any(a => string.Equals(a.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>For people: <c>8 GPUs</c>, <c>8 GPUs (physical) · 56 slots (time-sliced ×7)</c>, <c>physical count unknown · 56 slots (MIG single)</c>.</summary>
    public static string Text(long? physical, long slots, string? sharing)
    {
        if (physical == slots && sharing is null)
            return Count(slots, "GPU");
        var hardware = physical is null ? "physical count unknown" : Count(physical.Value, "GPU") + " (physical)";
        return $"{hardware} · {Count(slots, "slot")}{(sharing is null ? "" : $" ({sharing})")}";
    }

    /// <summary>The text of one node's GPUs, or an empty string when it has none.</summary>
    public static string Text(NodeInventory node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Gpu.HasGpus ? Text(node.Gpu.PhysicalGpus, node.Gpu.Slots, node.Gpu.SharingText) : "";
    }

    private static string Count(long n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
