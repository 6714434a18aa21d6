using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Nereid.Kubernetes.Inventory;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;
using Nereid.Server.Resources;

namespace Nereid.Server.NamespaceQuotas;

/// <summary>
/// The quota keys Nereid knows: Kubernetes' own ResourceQuota names, plus <c>requests.&lt;name&gt;</c> for every extended resource
/// a node of a connected cluster advertises and every key of the configured quota defaults. A typo such as
/// <c>requests.nvidia.com/gpus</c> would otherwise be stored and applied, and limit nothing.
/// </summary>
internal sealed partial class KnownQuotaKeys(InventoryService inventory, IOptions<ProjectionOptions> projection, ReconcilerOptions reconciler)
{
    private static readonly string[] Core =
    [
        "cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory",
        "ephemeral-storage", "requests.ephemeral-storage", "limits.ephemeral-storage", "requests.storage", "persistentvolumeclaims",
        "pods", "services", "services.loadbalancers", "services.nodeports", "configmaps", "secrets", "replicationcontrollers", "resourcequotas",
    ];

    /// <summary>Every key known now, sorted (for suggestions and the quota page).</summary>
    public IReadOnlyList<string> All()
    {
        var keys = new SortedSet<string>(Core, StringComparer.Ordinal);
        foreach (var node in inventory.Snapshots.SelectMany(s => s.Nodes))
        {
            if (node.Capacity.Gpus > 0)
                keys.Add("requests." + ResourceNames.NvidiaGpu);
            foreach (var extended in node.Capacity.Extended.Keys)
                keys.Add("requests." + extended);
        }
        keys.UnionWith(projection.Value.QuotaDefaults.Keys);
        keys.UnionWith(reconciler.QuotaOverrides.Values.SelectMany(o => o.Keys));
        return [.. keys];
    }

    /// <summary>
    /// Null when <paramref name="key"/> is known, or is an extended resource (<c>requests.&lt;domain&gt;/&lt;name&gt;</c>) and
    /// <paramref name="allowUnknown"/> confirms it; otherwise the message that refuses it, naming the nearest known key.
    /// </summary>
    public string? Check(string key, bool allowUnknown, IReadOnlyList<string> known)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(known);
        if (known.Contains(key, StringComparer.Ordinal) || Patterned(key))
            return null;
        var extended = key.StartsWith("requests.", StringComparison.Ordinal) && key.Contains('/', StringComparison.Ordinal);
        if (extended && allowUnknown)
            return null;
        var nearest = Nearest(key, known);
        var hint = nearest is null ? "" : $" Did you mean '{nearest}'?";
        return extended
            ? $"'{key}' is not a resource any node advertises.{hint} To set a quota for an extended resource no node offers yet, confirm it with allowUnknown."
            : $"'{key}' is not a ResourceQuota resource name.{hint}";
    }

    // Names Kubernetes accepts by pattern: object counts, per-StorageClass storage, huge pages.
    private static bool Patterned(string key) => CountKey().IsMatch(key) || StorageClassKey().IsMatch(key) || HugePagesKey().IsMatch(key);

    /// <summary>The known key with the smallest edit distance, if it is close enough to be what was meant.</summary>
    internal static string? Nearest(string key, IEnumerable<string> known)
    {
        var best = known.Select(k => (Key: k, Distance: Distance(key, k))).OrderBy(x => x.Distance).ThenBy(x => x.Key, StringComparer.Ordinal).FirstOrDefault();
        return best.Key is not null && best.Distance <= Math.Max(2, key.Length / 3) ? best.Key : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    [GeneratedRegex(@"^count/[a-z0-9.-]+$")]
    private static partial Regex CountKey();

    [GeneratedRegex(@"^[a-z0-9.-]+\.storageclass\.storage\.k8s\.io/(requests\.storage|persistentvolumeclaims)$")]
    private static partial Regex StorageClassKey();

    [GeneratedRegex(@"^(requests\.)?hugepages-[0-9]+[KMGT]i$")]
    private static partial Regex HugePagesKey();
}
