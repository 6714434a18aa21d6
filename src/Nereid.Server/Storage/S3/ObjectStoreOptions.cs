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

    /// <summary>Users applied at once in a pass (the client's own in-flight limit still applies).</summary>
    [Range(1, 256)]
    public int ApplyConcurrency { get; set; } = 16;

    /// <summary>Each user's <c>spec.quotas.maxBuckets</c>.</summary>
    [Range(0, 100_000)]
    public int MaxBuckets { get; set; } = 100;

    /// <summary>Each user's <c>spec.quotas.maxSize</c> (a quantity such as 100Gi); empty for no limit.</summary>
    public string? MaxSize { get; set; } = "100Gi";

    /// <summary>Each user's <c>spec.quotas.maxObjects</c>; 0 for no limit.</summary>
    [Range(0, long.MaxValue)]
    public long MaxObjects { get; set; }

    /// <summary>The object gateway's admin operations endpoint (e.g. <c>http://rook-ceph-rgw-my-store.rook-ceph.svc</c>); empty: usage not shown.</summary>
    [Url]
    public string? AdminEndpoint { get; set; }

    /// <summary>Access key of a gateway user with the <c>users=read</c> capability, for usage.</summary>
    public string? AdminAccessKey { get; set; }

    /// <summary>Its secret key (give it through the environment or a mounted secret, not a checked-in file).</summary>
    public string? AdminSecretKey { get; set; }

    /// <summary>The region in the Signature Version 4 scope; the gateway's zonegroup API name.</summary>
    [Required]
    public string AdminRegion { get; set; } = "us-east-1";

    /// <summary>True when an object store is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Name);
}
