using Nereid.Kubernetes.Quantities;

namespace Nereid.Kubernetes.Inventory;

/// <summary>
/// Typed resource amounts: CPU in cores, memory and ephemeral storage in bytes, <c>nvidia.com/gpu</c> as a count, and every
/// other extended resource (special GPUs, MIG slices, FPGAs…) by name.
/// </summary>
public sealed record ResourceAmounts(decimal CpuCores, long MemoryBytes, long EphemeralStorageBytes, long Gpus, IReadOnlyDictionary<string, long> Extended)
{
    /// <summary>Nothing.</summary>
    public static ResourceAmounts Zero { get; } = new(0, 0, 0, 0, new Dictionary<string, long>());

    /// <summary>Reads a resource list (capacity, allocatable or a pod's effective requests).</summary>
    public static ResourceAmounts From(IReadOnlyDictionary<string, Quantity>? list)
    {
        if (list is null)
            return Zero;
        var extended = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, q) in list)
        {
            if (ResourceNames.Classify(name) is not null)
                extended[name] = q.ToInt64();
        }
        return new(Get(list, ResourceNames.Cpu).ToDecimal(), Get(list, ResourceNames.Memory).ToInt64(),
            Get(list, ResourceNames.EphemeralStorage).ToInt64(), Get(list, ResourceNames.NvidiaGpu).ToInt64(), extended);
    }

    /// <summary>Sum of both.</summary>
    public ResourceAmounts Plus(ResourceAmounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Combine(other, (a, b) => a + b, (a, b) => a + b);
    }

    /// <summary>This minus <paramref name="other"/>, each amount floored at zero (free never goes negative).</summary>
    public ResourceAmounts MinusFloorZero(ResourceAmounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = Combine(other, (a, b) => Math.Max(0, a - b), (a, b) => Math.Max(0, a - b));
        // A resource the node does not offer has nothing free, even when a pod asks for it.
        var extended = result.Extended.Where(e => Extended.ContainsKey(e.Key)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return result with { Extended = extended };
    }

    /// <summary>The same resource names, every amount zero.</summary>
    public ResourceAmounts Zeroed() => new(0, 0, 0, 0, Extended.ToDictionary(e => e.Key, _ => 0L, StringComparer.Ordinal));

    /// <summary>Amount of one extended resource, zero when absent.</summary>
    public long ExtendedOf(string resource) => Extended.TryGetValue(resource, out var v) ? v : 0;

    private ResourceAmounts Combine(ResourceAmounts other, Func<decimal, decimal, decimal> cores, Func<long, long, long> count)
    {
        var extended = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var key in Extended.Keys.Union(other.Extended.Keys))
            extended[key] = count(ExtendedOf(key), other.ExtendedOf(key));
        return new(cores(CpuCores, other.CpuCores), count(MemoryBytes, other.MemoryBytes),
            count(EphemeralStorageBytes, other.EphemeralStorageBytes), count(Gpus, other.Gpus), extended);
    }

    private static Quantity Get(IReadOnlyDictionary<string, Quantity> list, string name) => list.TryGetValue(name, out var q) ? q : Quantity.Zero;
}
