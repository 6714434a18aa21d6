using Nereid.Kubernetes.Inventory;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Quantities;

namespace Nereid.Server.Sessions;

/// <summary>
/// What one namespace may still start now: quota left (null = no limit), the GPUs free on one node per product for it,
/// its tolerations and its shareable claims.
/// </summary>
/// <param name="GpuTypeLeft">Per-type quota left, keyed by the type word of a <c>requests.nvidia.com/&lt;type&gt;</c> key
/// (matching products that contain it, such as <c>a100</c>); null when the quota names no type, so every product counts.</param>
internal sealed record NamespaceAllowance(string Namespace, decimal? CpuLeft, long? MemoryLeft, long? GpusLeft,
    IReadOnlyDictionary<string, long>? GpuTypeLeft, IReadOnlyDictionary<string, long> MaxFreePerNode,
    IReadOnlyList<Toleration> Tolerations, IReadOnlyList<string> Claims)
{
    private const string GpuPrefix = "requests.nvidia.com/";

    /// <summary>Quota left from the effective <c>hard</c> values and the namespace's current requests.</summary>
    public static NamespaceAllowance From(string ns, IReadOnlyDictionary<string, string> hard, NamespaceUsage used,
        IReadOnlyDictionary<string, long> maxFreePerNode, IReadOnlyList<Toleration> tolerations, IReadOnlyList<string> claims)
    {
        ArgumentNullException.ThrowIfNull(hard);
        ArgumentNullException.ThrowIfNull(used);
        decimal? cpu = Value(hard, "requests.cpu") is { } c ? c - used.CpuCores : null;
        long? memory = Value(hard, "requests.memory") is { } m ? (long)m - used.MemoryBytes : null;
        long? gpus = Value(hard, GpuPrefix + "gpu") is { } g ? (long)g - used.Gpus : null;
        Dictionary<string, long>? types = null;
        foreach (var (key, text) in hard)
        {
            if (!key.StartsWith(GpuPrefix, StringComparison.Ordinal) || key == GpuPrefix + "gpu" || !Quantity.TryParse(text, out var q))
                continue;
            var type = key[GpuPrefix.Length..];
            var inUse = used.GpusByType.Where(u => u.Key.Contains(type, StringComparison.OrdinalIgnoreCase)).Sum(u => u.Value);
            (types ??= new(StringComparer.Ordinal))[type] = q.ToInt64() - inUse;
        }
        return new(ns, cpu, memory, gpus, types, maxFreePerNode, tolerations, claims);
    }

    /// <summary>Most GPUs of <paramref name="product"/> one session may take here now: free on one node, within every quota that applies.</summary>
    public long GpusFor(string product, int maxPerSession)
    {
        var limit = Math.Min(MaxFreePerNode.GetValueOrDefault(product), maxPerSession);
        if (GpusLeft is { } left)
            limit = Math.Min(limit, left);
        if (GpuTypeLeft is not null)
        {
            var matching = GpuTypeLeft.Where(t => product.Contains(t.Key, StringComparison.OrdinalIgnoreCase)).Select(t => t.Value).ToList();
            limit = matching.Count == 0 ? 0 : Math.Min(limit, matching.Min());
        }
        return Math.Max(0, limit);
    }

    /// <summary>True when a session of <paramref name="cpu"/> cores and <paramref name="memory"/> bytes fits the quota left.</summary>
    public bool Fits(decimal cpu, long memory) => (CpuLeft is not { } c || cpu <= c) && (MemoryLeft is not { } m || memory <= m);

    private static decimal? Value(IReadOnlyDictionary<string, string> hard, string key) =>
        hard.TryGetValue(key, out var text) && Quantity.TryParse(text, out var q) ? q.ToDecimal() : null;
}
