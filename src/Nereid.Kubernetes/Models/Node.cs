using System.Text.Json;
using System.Text.Json.Serialization;
using Nereid.Kubernetes.Quantities;

namespace Nereid.Kubernetes.Models;

/// <summary>A core/v1 Node (cluster-scoped): labels carry GPU Feature Discovery facts, status the GPU capacity.</summary>
public sealed class Node() : KubeObject("v1", "Node")
{
    public NodeSpec? Spec { get; set; }
    public NodeStatus? Status { get; set; }
}

/// <summary>Node spec: taints and cordon state.</summary>
public sealed class NodeSpec
{
    public bool? Unschedulable { get; set; }
    public List<Taint>? Taints { get; set; }
    public string? PodCIDR { get; set; }
    public string? ProviderID { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Node status: capacity, allocatable resources and conditions (Ready, pressure).</summary>
public sealed class NodeStatus
{
    public Dictionary<string, Quantity>? Capacity { get; set; }
    public Dictionary<string, Quantity>? Allocatable { get; set; }
    public List<Condition>? Conditions { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
