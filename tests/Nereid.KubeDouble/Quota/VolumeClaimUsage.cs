using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Server;
using Nereid.KubeDouble.Storage;

namespace Nereid.KubeDouble.Quota;

/// <summary>
/// What one PersistentVolumeClaim counts against a ResourceQuota (the quota's PVC evaluator): the claim itself
/// (<c>persistentvolumeclaims</c>, <c>count/persistentvolumeclaims</c>), its storage request (<c>requests.storage</c>),
/// and both again per storage class (<c>&lt;class&gt;.storageclass.storage.k8s.io/…</c>).
/// </summary>
internal static class VolumeClaimUsage
{
    public const string ClassSuffix = ".storageclass.storage.k8s.io/";

    public static Dictionary<string, QuantityValue> Of(JsonObject? claim)
    {
        var usage = new Dictionary<string, QuantityValue>(StringComparer.Ordinal);
        if (claim is null)
        {
            return usage;
        }
        usage["persistentvolumeclaims"] = QuantityValue.Count(1);
        usage["count/persistentvolumeclaims"] = QuantityValue.Count(1);
        var storageClass = JsonIo.Str(claim["spec"]?["storageClassName"]);
        if (storageClass is { Length: > 0 })
        {
            usage[storageClass + ClassSuffix + "persistentvolumeclaims"] = QuantityValue.Count(1);
        }
        if (QuantityValue.Parse(JsonIo.Str(claim["spec"]?["resources"]?["requests"]?["storage"])) is { } storage)
        {
            usage["requests.storage"] = storage;
            if (storageClass is { Length: > 0 })
            {
                usage[storageClass + ClassSuffix + "requests.storage"] = storage;
            }
        }
        return usage;
    }

    /// <summary>What every stored claim of <paramref name="ns"/> counts together (the quota controller's usage).</summary>
    public static Dictionary<string, QuantityValue> Sum(ObjectStore store, ResourceInfo claims, string ns)
    {
        var used = new Dictionary<string, QuantityValue>(StringComparer.Ordinal);
        foreach (var (_, claim) in store.List(claims, ns).Items)
        {
            foreach (var (resource, value) in Of(claim))
            {
                used[resource] = used.TryGetValue(resource, out var sum) ? sum.Plus(value) : value;
            }
        }
        return used;
    }

    /// <summary>Whether the claim evaluator counts <paramref name="resource"/> (so a quota's usage of it is the claims').</summary>
    public static bool Counts(string resource) =>
        resource is "persistentvolumeclaims" or "count/persistentvolumeclaims" or "requests.storage"
        || (resource.Contains(ClassSuffix, StringComparison.Ordinal)
            && resource[(resource.IndexOf(ClassSuffix, StringComparison.Ordinal) + ClassSuffix.Length)..] is "requests.storage" or "persistentvolumeclaims");
}
