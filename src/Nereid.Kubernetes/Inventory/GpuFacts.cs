using System.Globalization;

namespace Nereid.Kubernetes.Inventory;

/// <summary>How a node's NVIDIA GPUs are handed out, as GPU Feature Discovery labels say.</summary>
public enum GpuSharing
{
    /// <summary>No GFD labels: nothing is known about the hardware.</summary>
    Unknown,

    /// <summary>One slot per physical GPU.</summary>
    Whole,

    /// <summary><c>nvidia.com/gpu.replicas</c> slots per GPU, interleaved in time (no memory isolation).</summary>
    TimeSliced,

    /// <summary><c>nvidia.com/gpu.replicas</c> slots per GPU through CUDA MPS.</summary>
    Mps,

    /// <summary>MIG, mixed strategy: each profile is its own resource <c>nvidia.com/mig-&lt;profile&gt;</c>.</summary>
    MigMixed,

    /// <summary>MIG, single strategy: every GPU has the same profile, advertised as <c>nvidia.com/gpu</c>; the physical count is not labelled.</summary>
    MigSingle,
}

/// <summary>
/// Physical GPUs (hardware, from GFD labels) beside the slots the device plugin advertises in allocatable. The two are
/// never added: a time-sliced GPU is one GPU and several slots; a MIG GPU is one GPU and one slot per MIG device.
/// </summary>
/// <param name="PhysicalGpus">GFD <c>nvidia.com/gpu.count</c>; null without GFD labels, and under MIG single (the label then counts MIG devices).</param>
/// <param name="Sharing">How the GPUs are shared.</param>
/// <param name="Replicas">Slots per GPU under time-slicing or MPS (greater than 1), else null.</param>
/// <param name="Slots">Advertised GPU slots: <c>nvidia.com/gpu</c>, <c>nvidia.com/gpu.shared</c> and every <c>nvidia.com/mig-*</c> in allocatable.</param>
/// <param name="ExpectedSlots">Slots the labels promise (count × replicas, or the MIG profile counts); null without GFD labels.</param>
/// <param name="Mismatch">Why labels and allocatable disagree (device plugin down, GPUs unhealthy, stale labels), or null.</param>
public sealed record GpuFacts(int? PhysicalGpus, GpuSharing Sharing, int? Replicas, long Slots, long? ExpectedSlots, string? Mismatch)
{
    /// <summary>No GPU of any kind.</summary>
    public static GpuFacts None { get; } = new(null, GpuSharing.Unknown, null, 0, null, null);

    /// <summary>True when the node has GPUs by its labels or by its allocatable.</summary>
    public bool HasGpus => Slots > 0 || PhysicalGpus > 0 || ExpectedSlots > 0;

    /// <summary>Short words for the sharing mode (<c>time-sliced ×7</c>, <c>MPS ×4</c>, <c>MIG</c>), or null for whole or unknown GPUs.</summary>
    public string? SharingText => Sharing switch
    {
        GpuSharing.TimeSliced => $"time-sliced ×{Replicas}",
        GpuSharing.Mps => $"MPS ×{Replicas}",
        GpuSharing.MigMixed => "MIG",
        GpuSharing.MigSingle => "MIG single",
        _ => null,
    };

    /// <summary>Reads the GFD labels and compares them with <paramref name="allocatable"/>.</summary>
    public static GpuFacts From(IReadOnlyDictionary<string, string> labels, ResourceAmounts allocatable)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(allocatable);
        var migSlots = allocatable.Extended.Where(e => e.Key.StartsWith(ResourceNames.MigResourcePrefix, StringComparison.Ordinal)).Sum(e => e.Value);
        var gpuSlots = allocatable.Gpus + allocatable.ExtendedOf(ResourceNames.SharedGpu);
        var slots = gpuSlots + migSlots;
        var count = Int(labels, ResourceNames.GpuCountLabel);
        if (count is null)
            return slots == 0 ? None : new(null, migSlots > 0 ? GpuSharing.MigMixed : GpuSharing.Unknown, null, slots, null, null);

        var migStrategy = labels.GetValueOrDefault(ResourceNames.MigStrategyLabel);
        var profileCounts = MigProfileCounts(labels);
        if (migStrategy == "mixed" && profileCounts.Count > 0)
            return new(count, GpuSharing.MigMixed, null, slots, profileCounts.Values.Sum(), MigMismatch(profileCounts, allocatable));

        var product = labels.GetValueOrDefault(ResourceNames.GpuProductLabel) ?? "";
        if (migStrategy == "single" && product.Contains("-MIG-", StringComparison.Ordinal))
            return new(null, GpuSharing.MigSingle, null, slots, count, Compare(count.Value, gpuSlots, $"{count} MIG devices"));

        var replicas = Int(labels, ResourceNames.GpuReplicasLabel) is > 1 and var r ? (int?)r : null;
        var sharing = replicas is null ? GpuSharing.Whole
            : labels.GetValueOrDefault(ResourceNames.GpuSharingStrategyLabel) == "mps" ? GpuSharing.Mps : GpuSharing.TimeSliced;
        var expected = (long)count.Value * (replicas ?? 1);
        var gpus = count == 1 ? "1 GPU" : $"{count} GPUs";
        var said = replicas is null ? gpus : $"{gpus} × {replicas} replicas";
        return new(count, sharing, replicas, slots, expected, Compare(expected, gpuSlots, said));
    }

    private static string? Compare(long expected, long advertised, string said) => expected == advertised
        ? null
        : $"GPU labels say {said} ({expected} slots) but the device plugin advertises {advertised}.";

    private static string? MigMismatch(SortedDictionary<string, long> profileCounts, ResourceAmounts allocatable)
    {
        var wrong = profileCounts.Where(p => allocatable.ExtendedOf(ResourceNames.MigResourcePrefix + p.Key) != p.Value)
            .Select(p => $"{p.Key}: labels {p.Value}, advertised {allocatable.ExtendedOf(ResourceNames.MigResourcePrefix + p.Key)}").ToList();
        return wrong.Count == 0 ? null : $"MIG labels and allocatable disagree ({string.Join("; ", wrong)}).";
    }

    /// <summary>GFD's <c>nvidia.com/mig-&lt;profile&gt;.count</c> labels, by profile (e.g. <c>1g.5gb</c>).</summary>
    private static SortedDictionary<string, long> MigProfileCounts(IReadOnlyDictionary<string, string> labels)
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            if (key.StartsWith(ResourceNames.MigResourcePrefix, StringComparison.Ordinal) && key.EndsWith(".count", StringComparison.Ordinal)
                && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                result[key[ResourceNames.MigResourcePrefix.Length..^".count".Length]] = n;
        }
        return result;
    }

    private static int? Int(IReadOnlyDictionary<string, string> labels, string key) =>
        int.TryParse(labels.GetValueOrDefault(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}
