using System.Text.Json.Serialization;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Quantities;

namespace Nereid.Server.Storage;

/// <summary>One storage limit of a namespace: the hard limit, what the quota controller counts against it, and the ResourceQuota that sets it.</summary>
/// <param name="Hard">The limit, e.g. <c>10Gi</c> or <c>5</c> (claims).</param>
/// <param name="Used">What <c>status.used</c> says is taken; null until the cluster's quota controller has counted.</param>
/// <param name="Quota">The ResourceQuota's name.</param>
internal sealed record QuotaUse(string Hard, string? Used, string Quota);

/// <summary>The per-class limits (<c>&lt;class&gt;.storageclass.storage.k8s.io/…</c>) of one storage class.</summary>
/// <param name="StorageClass">The class.</param>
/// <param name="Storage">Its <c>requests.storage</c> limit, or null.</param>
/// <param name="Claims">Its <c>persistentvolumeclaims</c> limit, or null.</param>
internal sealed record ClassQuota(string StorageClass, QuotaUse? Storage, QuotaUse? Claims);

/// <summary>
/// A namespace's storage quota on one cluster as its ResourceQuotas' status gives it: the total of requested storage, the
/// number of claims, and the same per class. Where several quotas limit one key, the one with the least room left is
/// shown (quota admission refuses a claim over any of them). Null members are not limited.
/// </summary>
/// <param name="Storage"><c>requests.storage</c>.</param>
/// <param name="Claims"><c>persistentvolumeclaims</c> (or <c>count/persistentvolumeclaims</c>).</param>
/// <param name="Classes">Per-class limits, by class name.</param>
internal sealed record VolumeQuota(QuotaUse? Storage, QuotaUse? Claims, IReadOnlyList<ClassQuota> Classes)
{
    private const string ClassSuffix = ".storageclass.storage.k8s.io/";

    /// <summary>Nothing limits the namespace's volumes.</summary>
    [JsonIgnore]
    public bool IsEmpty => Storage is null && Claims is null && Classes.Count == 0;

    /// <summary>The storage limits of <paramref name="quotas"/> (hard from <c>status.hard</c>, or <c>spec.hard</c> before the controller wrote status).</summary>
    public static VolumeQuota From(IEnumerable<ResourceQuota> quotas)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        var tightest = new Dictionary<string, (QuotaUse Use, decimal Room)>(StringComparer.Ordinal);
        foreach (var quota in quotas.OrderBy(q => q.Metadata.Name, StringComparer.Ordinal))
        {
            var hard = quota.Status?.Hard is { Count: > 0 } h ? h : quota.Spec?.Hard ?? [];
            foreach (var (resource, limit) in hard)
            {
                var key = resource == "count/persistentvolumeclaims" ? "persistentvolumeclaims" : resource;
                if (!IsStorageKey(key))
                    continue;
                Quantity? used = quota.Status?.Used?.TryGetValue(resource, out var u) == true ? u : (Quantity?)null;
                var room = limit.ToDecimal() - (used?.ToDecimal() ?? 0);
                if (!tightest.TryGetValue(key, out var known) || room < known.Room)
                    tightest[key] = (new QuotaUse(limit.ToString(), used?.ToString(), quota.Metadata.Name ?? ""), room);
            }
        }
        QuotaUse? Of(string key) => tightest.TryGetValue(key, out var t) ? t.Use : null;
        var classes = tightest.Keys.Where(k => k.Contains(ClassSuffix, StringComparison.Ordinal))
            .Select(k => k[..k.IndexOf(ClassSuffix, StringComparison.Ordinal)]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(c => new ClassQuota(c, Of(c + ClassSuffix + "requests.storage"), Of(c + ClassSuffix + "persistentvolumeclaims")))
            .ToList();
        return new VolumeQuota(Of("requests.storage"), Of("persistentvolumeclaims"), classes);
    }

    private static bool IsStorageKey(string key) => key is "requests.storage" or "persistentvolumeclaims"
        || (key.IndexOf(ClassSuffix, StringComparison.Ordinal) is > 0 and var i && key[(i + ClassSuffix.Length)..] is "requests.storage" or "persistentvolumeclaims");
}

/// <summary>A namespace's volumes on one cluster and the storage quota they count against.</summary>
/// <param name="Volumes">The volumes, by name.</param>
/// <param name="Quota">The storage quota read from the namespace's ResourceQuotas at the same time.</param>
internal sealed record VolumeList(IReadOnlyList<VolumeView> Volumes, VolumeQuota Quota);
