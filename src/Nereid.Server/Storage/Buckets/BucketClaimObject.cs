using System.Text.Json.Nodes;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Storage.Buckets;

/// <summary>The ObjectBucketClaim Nereid applies for a bucket, and the comparison with the informer's copy.</summary>
internal static class BucketClaimObject
{
    /// <summary>
    /// The claim: its bucket class and <c>generateBucketName</c> (the provisioner adds a unique suffix, so names never
    /// collide in the object store; the real name is read back from the ConfigMap).
    /// </summary>
    public static UnstructuredObject Build(string ns, string name, string bucketClass) => new()
    {
        ApiVersion = BucketNames.ObjectBucketClaim.ApiVersion,
        Kind = BucketNames.ObjectBucketClaim.Kind,
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = ns,
            Labels = new Dictionary<string, string>(StringComparer.Ordinal) { [ProjectionNames.ManagedByLabel] = ProjectionNames.ManagedByValue },
        },
        Fields = new JsonObject { ["spec"] = new JsonObject { ["storageClassName"] = bucketClass, ["generateBucketName"] = name } },
    };

    /// <summary>True when a field Nereid sets differs on the cluster (the provisioner's own spec fields are left alone).</summary>
    public static bool Differs(UnstructuredObject want, UnstructuredObject have)
    {
        if ((want.Metadata.Labels ?? []).Any(l => have.Metadata.Labels?.GetValueOrDefault(l.Key) != l.Value))
        {
            return true;
        }
        var haveSpec = have["spec"] as JsonObject;
        return ((JsonObject)want["spec"]!).Any(f => !JsonNode.DeepEquals(f.Value, haveSpec?[f.Key]));
    }
}
