using System.Text.Json;
using System.Text.Json.Serialization;
using Nereid.Kubernetes.Quantities;

namespace Nereid.Kubernetes.Models;

/// <summary>Requests and limits keyed by resource name (<c>cpu</c>, <c>memory</c>, <c>nvidia.com/gpu</c>).</summary>
public sealed class ResourceRequirements
{
    public Dictionary<string, Quantity>? Requests { get; set; }
    public Dictionary<string, Quantity>? Limits { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A container of a pod template: enough to see what it runs and what it asks for.</summary>
public sealed class Container
{
    public string? Name { get; set; }
    public string? Image { get; set; }
    public List<string>? Command { get; set; }
    public List<string>? Args { get; set; }
    public ResourceRequirements? Resources { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A pod toleration of a node taint.</summary>
public sealed class Toleration
{
    public string? Key { get; set; }
    public string? Operator { get; set; }
    public string? Value { get; set; }
    public string? Effect { get; set; }
    public long? TolerationSeconds { get; set; }
}

/// <summary>A node taint (<c>NoSchedule</c>, <c>PreferNoSchedule</c>, <c>NoExecute</c>).</summary>
public sealed class Taint
{
    public string? Key { get; set; }
    public string? Value { get; set; }
    public string? Effect { get; set; }
    public DateTimeOffset? TimeAdded { get; set; }
}

/// <summary>Pod spec: placement, containers and tolerations.</summary>
public sealed class PodSpec
{
    public string? NodeName { get; set; }
    public List<Container>? Containers { get; set; }
    public List<Container>? InitContainers { get; set; }
    public List<Toleration>? Tolerations { get; set; }
    public Dictionary<string, string>? NodeSelector { get; set; }
    public string? RestartPolicy { get; set; }
    public string? ServiceAccountName { get; set; }
    public string? PriorityClassName { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The pod template of a workload.</summary>
public sealed class PodTemplateSpec
{
    public ObjectMeta? Metadata { get; set; }
    public PodSpec? Spec { get; set; }
}
