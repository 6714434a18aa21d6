using System.Text.Json;
using System.Text.Json.Serialization;
using Nereid.Kubernetes.Quantities;

namespace Nereid.Kubernetes.Models;

/// <summary>A core/v1 ResourceQuota: hard limits for a namespace and what is used.</summary>
public sealed class ResourceQuota() : KubeObject("v1", "ResourceQuota")
{
    public ResourceQuotaSpec? Spec { get; set; }
    public ResourceQuotaStatus? Status { get; set; }
}

/// <summary>ResourceQuota spec: hard limits (<c>requests.nvidia.com/gpu</c>, <c>limits.memory</c>...).</summary>
public sealed class ResourceQuotaSpec
{
    public Dictionary<string, Quantity>? Hard { get; set; }
    public List<string>? Scopes { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>ResourceQuota status: enforced hard limits and current usage.</summary>
public sealed class ResourceQuotaStatus
{
    public Dictionary<string, Quantity>? Hard { get; set; }
    public Dictionary<string, Quantity>? Used { get; set; }
}

/// <summary>A core/v1 LimitRange: per-container defaults and bounds.</summary>
public sealed class LimitRange() : KubeObject("v1", "LimitRange")
{
    public LimitRangeSpec? Spec { get; set; }
}

/// <summary>LimitRange spec: the list of limit items.</summary>
public sealed class LimitRangeSpec
{
    public List<LimitRangeItem>? Limits { get; set; }
}

/// <summary>One limit item (type <c>Container</c>, <c>Pod</c> or <c>PersistentVolumeClaim</c>).</summary>
public sealed class LimitRangeItem
{
    public string? Type { get; set; }
    public Dictionary<string, Quantity>? Max { get; set; }
    public Dictionary<string, Quantity>? Min { get; set; }
    public Dictionary<string, Quantity>? Default { get; set; }
    public Dictionary<string, Quantity>? DefaultRequest { get; set; }
    public Dictionary<string, Quantity>? MaxLimitRequestRatio { get; set; }
}
