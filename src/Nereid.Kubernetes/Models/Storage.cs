using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nereid.Kubernetes.Models;

/// <summary>A storage.k8s.io/v1 StorageClass (cluster-scoped; fields are top-level, no spec).</summary>
public sealed class StorageClass() : KubeObject("storage.k8s.io/v1", "StorageClass")
{
    public string? Provisioner { get; set; }
    public Dictionary<string, string>? Parameters { get; set; }
    public string? ReclaimPolicy { get; set; }
    public string? VolumeBindingMode { get; set; }
    public bool? AllowVolumeExpansion { get; set; }
}

/// <summary>A coordination.k8s.io/v1 Lease, used for leader election.</summary>
internal sealed class Lease() : KubeObject("coordination.k8s.io/v1", "Lease")
{
    public LeaseSpec? Spec { get; set; }
}

/// <summary>Lease spec. Times are MicroTime (RFC 3339 with microseconds).</summary>
internal sealed class LeaseSpec
{
    public string? HolderIdentity { get; set; }
    public int? LeaseDurationSeconds { get; set; }
    [JsonConverter(typeof(MicroTimeJsonConverter))]
    public DateTimeOffset? AcquireTime { get; set; }

    [JsonConverter(typeof(MicroTimeJsonConverter))]
    public DateTimeOffset? RenewTime { get; set; }
    public int? LeaseTransitions { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
