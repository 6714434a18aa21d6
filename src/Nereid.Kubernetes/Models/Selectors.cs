using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nereid.Kubernetes.Models;

/// <summary>A label selector: matchLabels AND matchExpressions. An empty selector selects everything.</summary>
public sealed class LabelSelector
{
    public Dictionary<string, string>? MatchLabels { get; set; }
    public List<LabelSelectorRequirement>? MatchExpressions { get; set; }
}

/// <summary>One expression of a <see cref="LabelSelector"/> (<c>In</c>, <c>NotIn</c>, <c>Exists</c>, <c>DoesNotExist</c>).</summary>
public sealed class LabelSelectorRequirement
{
    public string? Key { get; set; }
    public string? Operator { get; set; }
    public List<string>? Values { get; set; }
}

/// <summary>A status condition as found on nodes, pods and custom resources.</summary>
public sealed class Condition
{
    public string? Type { get; set; }
    public string? Status { get; set; }
    public string? Reason { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset? LastTransitionTime { get; set; }
    public DateTimeOffset? LastHeartbeatTime { get; set; }
    public DateTimeOffset? LastProbeTime { get; set; }
    public long? ObservedGeneration { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
