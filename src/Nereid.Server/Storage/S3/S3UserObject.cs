using System.Globalization;
using System.Text.Json.Nodes;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Storage.S3;

/// <summary>The CephObjectStoreUser Nereid applies for a person, and the comparison with the informer's copy.</summary>
internal static class S3UserObject
{
    public static UnstructuredObject Build(string name, S3DesiredUser user, ObjectStoreOptions store)
    {
        // The namespace's own limits, where a platform admin set them, else the configured defaults.
        var maxSize = user.Limits?.MaxSize ?? store.MaxSize;
        var maxObjects = user.Limits?.MaxObjects ?? store.MaxObjects;
        var quotas = new JsonObject { ["maxBuckets"] = user.Limits?.MaxBuckets ?? store.MaxBuckets };
        if (!string.IsNullOrWhiteSpace(maxSize))
        {
            quotas["maxSize"] = maxSize.Trim();
        }
        if (maxObjects > 0)
        {
            quotas["maxObjects"] = maxObjects;
        }
        return New(name, store.Namespace, Labels(user.Namespace, user.PersonId.ToString()), null, new JsonObject
        {
            ["store"] = store.Name,
            ["displayName"] = $"{user.DisplayName} ({user.Namespace})",
            ["quotas"] = quotas,
        });
    }

    /// <summary>The same fields as before plus the orphan mark (applied by the same manager, so a later apply without it removes it).</summary>
    public static UnstructuredObject MarkOrphaned(UnstructuredObject have, DateTimeOffset now)
    {
        var labels = have.Metadata.Labels ?? new Dictionary<string, string>();
        var spec = have["spec"]?.DeepClone() as JsonObject ?? [];
        // The keys belong to the credentials' own field manager (rotation, revocation); this manager never claims them.
        spec.Remove("keys");
        return New(have.Metadata.Name!, have.Metadata.Namespace!,
            Labels(labels.GetValueOrDefault(S3UserNames.NamespaceLabel) ?? "", labels.GetValueOrDefault(S3UserNames.PersonLabel) ?? ""),
            new Dictionary<string, string> { [S3UserNames.OrphanedAtAnnotation] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) }, spec);
    }

    /// <summary>True when a field Nereid sets differs on the cluster, or the user still carries an orphan mark.</summary>
    public static bool Differs(UnstructuredObject want, UnstructuredObject have)
    {
        if (have.Metadata.Annotations?.ContainsKey(S3UserNames.OrphanedAtAnnotation) == true)
        {
            return true;
        }
        foreach (var (key, value) in want.Metadata.Labels ?? [])
        {
            if (have.Metadata.Labels?.GetValueOrDefault(key) != value)
            {
                return true;
            }
        }
        var haveSpec = have["spec"] as JsonObject;
        var wantSpec = (JsonObject)want["spec"]!;
        return wantSpec.Any(f => !JsonNode.DeepEquals(f.Value, haveSpec?[f.Key]))
            // A quota Nereid no longer sets (e.g. maxObjects back to 0) must go too.
            || (haveSpec?["quotas"] as JsonObject)?.Count(q => wantSpec["quotas"]?[q.Key] is null) > 0;
    }

    private static Dictionary<string, string> Labels(string ns, string person) => new(StringComparer.Ordinal)
    {
        [ProjectionNames.ManagedByLabel] = ProjectionNames.ManagedByValue,
        [S3UserNames.NamespaceLabel] = ns,
        [S3UserNames.PersonLabel] = person,
    };

    private static UnstructuredObject New(string name, string ns, Dictionary<string, string> labels, Dictionary<string, string>? annotations, JsonObject spec) => new()
    {
        ApiVersion = S3UserNames.CephObjectStoreUser.ApiVersion,
        Kind = S3UserNames.CephObjectStoreUser.Kind,
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = labels, Annotations = annotations },
        Fields = new JsonObject { ["spec"] = spec },
    };
}
