using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Server;
using Nereid.KubeDouble.Storage;

namespace Nereid.KubeDouble.Quota;

/// <summary>
/// The ResourceQuota admission plugin for PersistentVolumeClaims: a create, or an update that grows a claim, is
/// refused when it would take any quota of the namespace over a hard limit it sets. Usage is summed from the stored
/// claims at the moment of the commit (the double runs this under the store's commit lock), which is what the
/// quota controller's <c>status.used</c> converges to; the quota status itself is not written.
/// </summary>
internal sealed class QuotaAdmission(ObjectStore store, ResourceCatalog catalog)
{
    /// <summary>Throws 403 Forbidden <c>exceeded quota: …</c> for the first quota (by name) the change would exceed.</summary>
    public void Check(ResourceInfo r, string ns, string name, JsonObject? current, JsonObject next)
    {
        if (r.Plural != "persistentvolumeclaims" || r.Group.Length != 0)
        {
            return;
        }
        var delta = Delta(VolumeClaimUsage.Of(next), VolumeClaimUsage.Of(current));
        if (delta.Count == 0)
        {
            return;
        }
        var quotas = store.List(catalog.Find("", "v1", "resourcequotas")!, ns).Items.Select(kv => kv.Value);
        foreach (var quota in quotas)
        {
            if (quota["spec"]?["hard"] is not JsonObject hard)
            {
                continue;
            }
            var used = VolumeClaimUsage.Sum(store, r, ns);
            var exceeded = new List<string>();
            foreach (var (resource, limitNode) in hard.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (delta.TryGetValue(resource, out var requested) && QuantityValue.Parse(JsonIo.Str(limitNode)) is { } limit
                    && used.GetValueOrDefault(resource, requested with { Value = 0 }).Value + requested.Value > limit.Value)
                {
                    exceeded.Add(resource);
                }
            }
            if (exceeded.Count > 0)
            {
                var quotaName = JsonIo.Str(quota["metadata"]?["name"]);
                string Print(Func<string, string> value) => string.Join(",", exceeded.Select(k => $"{k}={value(k)}"));
                throw Errors.Forbidden(r, $"{r.QualifiedName} \"{name}\"", name,
                    $"exceeded quota: {quotaName}, requested: {Print(k => delta[k].ToString())}, " +
                    $"used: {Print(k => used.TryGetValue(k, out var u) ? u.ToString() : "0")}, " +
                    $"limited: {Print(k => QuantityValue.Parse(JsonIo.Str(hard[k]))!.Value.ToString())}");
            }
        }
    }

    /// <summary>What grows: new usage minus old, negative results dropped (quota.SubtractWithNonNegativeResult).</summary>
    private static Dictionary<string, QuantityValue> Delta(Dictionary<string, QuantityValue> next, Dictionary<string, QuantityValue> current)
    {
        var delta = new Dictionary<string, QuantityValue>(StringComparer.Ordinal);
        foreach (var (resource, value) in next)
        {
            var grown = value.Value - (current.TryGetValue(resource, out var old) ? old.Value : 0);
            if (grown > 0)
            {
                delta[resource] = value with { Value = grown };
            }
        }
        return delta;
    }
}
