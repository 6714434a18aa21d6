using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Storage.S3;

/// <summary>
/// The Rook object store that gives members S3 credentials (<c>Nereid:Storage:ObjectStore</c>). With no
/// <see cref="Name"/> the feature is off; with one, every active member of every active namespace gets a
/// CephObjectStoreUser in <see cref="Namespace"/>.
/// </summary>
internal sealed class ObjectStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nereid:Storage:ObjectStore";

    /// <summary>The CephObjectStore's name (its <c>spec.store</c> in each user); empty turns S3 off.</summary>
    [RegularExpression("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", ErrorMessage = "The object store's name is a DNS label.")]
    public string? Name { get; set; }

    /// <summary>The namespace the CephObjectStore (and so its users and their Secrets) lives in.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", ErrorMessage = "The object store's namespace is a DNS label.")]
    public string Namespace { get; set; } = "rook-ceph";

    /// <summary>How long a person's user (and keys) outlive the end of their membership.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the database is compared with the cluster (the informer also triggers a pass on every change).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Each user's <c>spec.quotas.maxBuckets</c>.</summary>
    [Range(0, 100_000)]
    public int MaxBuckets { get; set; } = 100;

    /// <summary>Each user's <c>spec.quotas.maxSize</c> (a quantity such as 100Gi); empty for no limit.</summary>
    public string? MaxSize { get; set; } = "100Gi";

    /// <summary>Each user's <c>spec.quotas.maxObjects</c>; 0 for no limit.</summary>
    [Range(0, long.MaxValue)]
    public long MaxObjects { get; set; }

    /// <summary>True when an object store is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Name);
}
