using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nereid.Kubernetes.Models;

/// <summary>A core/v1 Namespace (cluster-scoped).</summary>
public sealed class Namespace() : KubeObject("v1", "Namespace")
{
    public NamespaceSpec? Spec { get; set; }
    public NamespaceStatus? Status { get; set; }
}

/// <summary>Namespace spec: the finalizers the namespace controller must clear before removal.</summary>
public sealed class NamespaceSpec
{
    public List<string>? Finalizers { get; set; }
}

/// <summary>Namespace status: <c>Active</c> or <c>Terminating</c>.</summary>
public sealed class NamespaceStatus
{
    public string? Phase { get; set; }
    public List<Condition>? Conditions { get; set; }
}

/// <summary>A core/v1 Pod.</summary>
public sealed class Pod() : KubeObject("v1", "Pod")
{
    public PodSpec? Spec { get; set; }
    public PodStatus? Status { get; set; }
}

/// <summary>Pod status: phase, start time and conditions.</summary>
public sealed class PodStatus
{
    public string? Phase { get; set; }
    public DateTimeOffset? StartTime { get; set; }
    public List<Condition>? Conditions { get; set; }
    public string? Reason { get; set; }
    public string? Message { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A core/v1 PersistentVolumeClaim.</summary>
public sealed class PersistentVolumeClaim() : KubeObject("v1", "PersistentVolumeClaim")
{
    public PersistentVolumeClaimSpec? Spec { get; set; }
    public PersistentVolumeClaimStatus? Status { get; set; }
}

/// <summary>PVC spec: access modes, size request and storage class.</summary>
public sealed class PersistentVolumeClaimSpec
{
    public List<string>? AccessModes { get; set; }
    public ResourceRequirements? Resources { get; set; }
    public string? StorageClassName { get; set; }
    public string? VolumeName { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>PVC status: phase and bound capacity.</summary>
public sealed class PersistentVolumeClaimStatus
{
    public string? Phase { get; set; }
    public Dictionary<string, Quantities.Quantity>? Capacity { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
