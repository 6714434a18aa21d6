using System.ComponentModel.DataAnnotations;

namespace Nereid.Kubernetes.Projection;

/// <summary>How Nereid namespaces are turned into Kubernetes objects. Bound from <c>Nereid:Projection</c>.</summary>
public sealed class ProjectionOptions
{
    /// <summary>Pod Security Admission level enforced. Default <c>baseline</c>.</summary>
    [Required, RegularExpression("^(privileged|baseline|restricted)$", ErrorMessage = "PodSecurityEnforce is privileged, baseline or restricted.")]
    public string PodSecurityEnforce { get; set; } = "baseline";

    /// <summary>Pod Security Admission level warned about. Default <c>restricted</c>.</summary>
    [Required, RegularExpression("^(privileged|baseline|restricted)$", ErrorMessage = "PodSecurityWarn is privileged, baseline or restricted.")]
    public string PodSecurityWarn { get; set; } = "restricted";

    /// <summary>Pod Security Admission level audited. Default <c>restricted</c>.</summary>
    [Required, RegularExpression("^(privileged|baseline|restricted)$", ErrorMessage = "PodSecurityAudit is privileged, baseline or restricted.")]
    public string PodSecurityAudit { get; set; } = "restricted";

    /// <summary>Prefix the apiserver adds to the OIDC user name claim. Default <c>oidc:</c>.</summary>
    public string UsernamePrefix { get; set; } = "oidc:";

    /// <summary>
    /// ResourceQuota hard limits every namespace gets unless overridden (resource → quantity). Default:
    /// <c>requests.cpu=64</c>, <c>requests.memory=256Gi</c>, <c>requests.nvidia.com/gpu=8</c>.
    /// Per-GPU-type keys such as <c>requests.nvidia.com/a100</c> may be added.
    /// </summary>
    public Dictionary<string, string> QuotaDefaults { get; set; } = new(StringComparer.Ordinal)
    {
        ["requests.cpu"] = "64",
        ["requests.memory"] = "256Gi",
        ["requests.nvidia.com/gpu"] = "8",
    };

    // The four defaults below are what a container without resources gets. They must satisfy Nereid's own
    // limits-above-requests policy (Nereid:Policies:Limits, limit at most 20 % above the request), or every such pod
    // would be flagged; they also stay within the tiny-pod exemption of the usage-ratio policies.

    /// <summary>Container default memory request (LimitRange). Default <c>1Gi</c>.</summary>
    public string DefaultRequestMemory { get; set; } = "1Gi";

    /// <summary>Container default memory limit (LimitRange). Default <c>1Gi</c> (equal to the request).</summary>
    public string DefaultLimitMemory { get; set; } = "1Gi";

    /// <summary>Container default CPU request (LimitRange). Default <c>500m</c>.</summary>
    public string DefaultRequestCpu { get; set; } = "500m";

    /// <summary>Container default CPU limit (LimitRange). Default <c>600m</c> (20 % above the request).</summary>
    public string DefaultLimitCpu { get; set; } = "600m";

    /// <summary>
    /// Namespaces (by <c>kubernetes.io/metadata.name</c>) whose pods may reach every Nereid namespace, such as the
    /// ingress controller and monitoring. Default <c>ingress-nginx</c>, <c>monitoring</c>.
    /// </summary>
    public List<string> IngressNamespaces { get; set; } = ["ingress-nginx", "monitoring"];

    /// <summary>Longest description kept in the <c>nereid.io/description</c> annotation (characters). Default 4096.</summary>
    [Range(0, 262144)]
    public int MaxDescriptionAnnotationLength { get; set; } = 4096;
}
