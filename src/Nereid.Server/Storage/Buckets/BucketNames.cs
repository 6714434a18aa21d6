using Nereid.Kubernetes.Models;

namespace Nereid.Server.Storage.Buckets;

/// <summary>
/// The kinds and keys of Rook's bucket provisioning as its documentation gives them: an ObjectBucketClaim in the
/// namespace, answered with a ConfigMap and a Secret of the claim's name (BUCKET_HOST/BUCKET_NAME/BUCKET_PORT and
/// AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and <c>status.phase: Bound</c>.
/// </summary>
internal static class BucketNames
{
    public static readonly ResourceType ObjectBucketClaim = new("objectbucket.io", "v1alpha1", "objectbucketclaims", "ObjectBucketClaim", true);
    public static readonly ResourceType ConfigMap = new("", "v1", "configmaps", "ConfigMap", true);
    public static readonly ResourceType Secret = new("", "v1", "secrets", "Secret", true);

    /// <summary>The phase the provisioner sets once the bucket, its ConfigMap and its Secret exist.</summary>
    public const string BoundPhase = "Bound";

    public const string HostKey = "BUCKET_HOST";
    public const string NameKey = "BUCKET_NAME";
    public const string PortKey = "BUCKET_PORT";
    public const string AccessKeyIdKey = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKeyKey = "AWS_SECRET_ACCESS_KEY";

    /// <summary>
    /// True for Rook's bucket provisioner, <c>&lt;operator namespace&gt;.ceph.rook.io/bucket</c> (the StorageClasses it
    /// serves are the bucket classes).
    /// </summary>
    public static bool IsBucketProvisioner(string? provisioner) =>
        provisioner is { Length: > 0 } p && p.EndsWith(".ceph.rook.io/bucket", StringComparison.Ordinal) && p.Length > ".ceph.rook.io/bucket".Length;
}
