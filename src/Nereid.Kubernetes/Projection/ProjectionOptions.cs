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

    /// <summary>Container default memory request (LimitRange). Default <c>256Mi</c>.</summary>
    public string DefaultRequestMemory { get; set; } = "256Mi";

    /// <summary>Container default memory limit (LimitRange). Default <c>4Gi</c>.</summary>
    public string DefaultLimitMemory { get; set; } = "4Gi";

    /// <summary>Container default CPU request (LimitRange). Default <c>100m</c>.</summary>
    public string DefaultRequestCpu { get; set; } = "100m";

    /// <summary>Container default CPU limit (LimitRange). Default <c>2</c>.</summary>
    public string DefaultLimitCpu { get; set; } = "2";

    /// <summary>
    /// Namespaces (by <c>kubernetes.io/metadata.name</c>) whose pods may reach every Nereid namespace, such as the
    /// ingress controller and monitoring. Default <c>ingress-nginx</c>, <c>monitoring</c>.
    /// </summary>
    public List<string> IngressNamespaces { get; set; } = ["ingress-nginx", "monitoring"];

    /// <summary>Longest description kept in the <c>nereid.io/description</c> annotation (characters). Default 4096.</summary>
    [Range(0, 262144)]
    public int MaxDescriptionAnnotationLength { get; set; } = 4096;
}
