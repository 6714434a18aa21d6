using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nereid.Kubernetes.Models;

/// <summary>A networking.k8s.io/v1 NetworkPolicy.</summary>
public sealed class NetworkPolicy() : KubeObject("networking.k8s.io/v1", "NetworkPolicy")
{
    public NetworkPolicySpec? Spec { get; set; }
}

/// <summary>NetworkPolicy spec: which pods, which directions, which peers and ports.</summary>
public sealed class NetworkPolicySpec
{
    public LabelSelector? PodSelector { get; set; }
    public List<NetworkPolicyRule>? Ingress { get; set; }
    public List<NetworkPolicyRule>? Egress { get; set; }
    public List<string>? PolicyTypes { get; set; }
}

/// <summary>An ingress (<c>from</c>) or egress (<c>to</c>) rule.</summary>
public sealed class NetworkPolicyRule
{
    public List<NetworkPolicyPeer>? From { get; set; }
    public List<NetworkPolicyPeer>? To { get; set; }
    public List<NetworkPolicyPort>? Ports { get; set; }
}

/// <summary>A peer: pods and/or namespaces by label, or an IP block.</summary>
public sealed class NetworkPolicyPeer
{
    public LabelSelector? PodSelector { get; set; }
    public LabelSelector? NamespaceSelector { get; set; }
    public IpBlock? IpBlock { get; set; }
}

/// <summary>A CIDR with exceptions.</summary>
public sealed class IpBlock
{
    public string? Cidr { get; set; }
    public List<string>? Except { get; set; }
}

/// <summary>A port (number or name, kept raw because it is an int-or-string) and protocol.</summary>
public sealed class NetworkPolicyPort
{
    public string? Protocol { get; set; }
    public JsonElement? Port { get; set; }
    public int? EndPort { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
