using Nereid.Kubernetes.Inventory;
using Nereid.Server.Pages.Shared;
using KubeQuantity = Nereid.Kubernetes.Quantities.Quantity;

namespace Nereid.Server.Resources.Words;

/// <summary>
/// Whether any of a person's namespaces has quota left for an accelerator resource (<c>requests.&lt;resource&gt;</c> in its
/// effective ResourceQuota, minus what its pods request now). A namespace without that quota key is not limited by quota.
/// </summary>
internal sealed class QuotaRoom
{
    private readonly Dictionary<string, string?> blocked = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<(string Namespace, IReadOnlyDictionary<string, string> Quota, NamespaceUsage Usage)> namespaces;

    public QuotaRoom(IReadOnlyList<(string Namespace, IReadOnlyDictionary<string, string> Quota, NamespaceUsage Usage)> namespaces) =>
        this.namespaces = namespaces;

    /// <summary>The caller belongs to no namespace: no pod of theirs can start anywhere.</summary>
    public bool NoNamespace => namespaces.Count == 0;

    /// <summary>Null when some namespace has room for one more <paramref name="resource"/>; otherwise why not, in words.</summary>
    public string? Blocked(string resource)
    {
        if (blocked.TryGetValue(resource, out var known))
            return known;
        var details = new List<string>();
        string? reason = null;
        foreach (var (ns, quota, usage) in namespaces)
        {
            if (!quota.TryGetValue("requests." + resource, out var raw) || !KubeQuantity.TryParse(raw, out var q))
                return blocked[resource] = null;
            var limit = q.ToDecimal();
            var used = resource == ResourceNames.NvidiaGpu ? usage.Gpus : usage.Extended.GetValueOrDefault(resource);
            if (limit - used >= 1)
                return blocked[resource] = null;
            details.Add($"{ns}: {Units.Number(used)} of {Units.Number((double)limit)} requested");
        }
        if (details.Count > 0)
            reason = $"no quota left for {Units.ResourceName(resource)} in your namespaces ({string.Join("; ", details)})";
        return blocked[resource] = reason;
    }
}
