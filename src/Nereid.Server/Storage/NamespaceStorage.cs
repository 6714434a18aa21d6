using Nereid.Server.Storage.Buckets;
using Nereid.Server.Storage.S3;

namespace Nereid.Server.Storage;

/// <summary>One of the person's namespaces on one cluster, as the storage and home pages show it.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Cluster">The cluster read.</param>
/// <param name="Volumes">Its volumes, read from the cluster at <paramref name="ReadAt"/>.</param>
/// <param name="VolumesError">Why the volumes could not be read (no cluster, cluster unreachable), or null.</param>
/// <param name="ReadAt">When the volumes were read.</param>
/// <param name="S3">The person's S3 identity there (without the secret key), or null.</param>
/// <param name="S3Error">Why there is none (no object store, …), or null.</param>
/// <param name="Buckets">The namespace's buckets on the cluster (without secret keys).</param>
/// <param name="BucketsError">Why they could not be read, or null.</param>
/// <param name="Quota">The namespace's storage quota read with the volumes; null when they could not be read.</param>
internal sealed record NamespaceStorage(string Namespace, string? Cluster, IReadOnlyList<VolumeView> Volumes, string? VolumesError, DateTimeOffset ReadAt,
    S3CredentialsView? S3, string? S3Error, IReadOnlyList<BucketView> Buckets, string? BucketsError, VolumeQuota? Quota = null);
