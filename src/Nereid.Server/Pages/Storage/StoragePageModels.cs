using Nereid.Server.Storage;
using Nereid.Server.Storage.Buckets;
using Nereid.Server.Storage.S3;

namespace Nereid.Server.Pages.Storage;

/// <summary>One of the person's namespaces on one cluster, as the storage page shows it.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Cluster">The cluster read.</param>
/// <param name="Volumes">Its volumes, read from the cluster at <paramref name="ReadAt"/>.</param>
/// <param name="VolumesError">Why the volumes could not be read (no cluster, cluster unreachable), or null.</param>
/// <param name="ReadAt">When the volumes were read.</param>
/// <param name="S3">The person's S3 identity there (without the secret key), or null.</param>
/// <param name="S3Error">Why there is none (no object store, …), or null.</param>
/// <param name="Buckets">The namespace's buckets on the cluster (without secret keys).</param>
/// <param name="BucketsError">Why they could not be read, or null.</param>
internal sealed record NamespaceStorage(string Namespace, string? Cluster, IReadOnlyList<VolumeView> Volumes, string? VolumesError, DateTimeOffset ReadAt,
    S3CredentialsView? S3, string? S3Error, IReadOnlyList<BucketView> Buckets, string? BucketsError);

/// <summary>The create-a-volume form.</summary>
internal sealed class VolumeForm
{
    public string? Name { get; set; }
    public string? StorageClass { get; set; }
    public string? Size { get; set; }
    public string? AccessMode { get; set; }
}

/// <summary>The expand-a-volume form.</summary>
internal sealed class ResizeForm
{
    public string? Size { get; set; }
}

/// <summary>The create-a-bucket form, and the typed name that confirms a delete.</summary>
internal sealed class BucketForm
{
    public string? Name { get; set; }
    public string? BucketClass { get; set; }
    public string? Confirm { get; set; }
}

/// <summary>A platform admin's description of one class.</summary>
internal sealed class DescriptionForm
{
    public string? Region { get; set; }
    public string? FilesystemType { get; set; }
    public List<string> AccessModes { get; set; } = [];
    public string? Media { get; set; }
    public string? Notes { get; set; }
}
