using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Clusters;

/// <summary>
/// One cluster Nereid drives; the section <c>Nereid:Clusters</c> is a list of these. The embedded default has none.
/// </summary>
internal sealed class ClusterOptions
{
    /// <summary>The list's configuration section.</summary>
    public const string Section = "Nereid:Clusters";

    /// <summary>Cluster name shown to people and used in kubeconfigs (a DNS label). Required.</summary>
    [Required, RegularExpression("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", ErrorMessage = "Name must be a DNS label.")]
    public string Name { get; set; } = "";

    /// <summary>Path to a kubeconfig holding Nereid's own credentials. Required unless <see cref="InCluster"/>.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Context in <see cref="Kubeconfig"/>; default: its current-context.</summary>
    public string? Context { get; set; }

    /// <summary>Use the pod's service account (in-cluster config). Default false.</summary>
    public bool InCluster { get; set; }

    /// <summary>API server URL people's kubeconfigs point at. Required.</summary>
    [Required, Url]
    public string ApiServerUrl { get; set; } = "";

    /// <summary>Cluster CA people's kubeconfigs trust: PEM or base64 of PEM. Required.</summary>
    [Required]
    public string CertificateAuthority { get; set; } = "";

    /// <summary>OIDC client id the cluster's apiserver accepts. Required.</summary>
    [Required]
    public string OidcClientId { get; set; } = "";

    /// <summary>Optional region shown to people (e.g. <c>us-west</c>). Default none.</summary>
    public string? Region { get; set; }

    /// <summary>Claim the apiserver takes user names from. Default <c>email</c>.</summary>
    public string UsernameClaim { get; set; } = "email";

    /// <summary>Prefix the apiserver adds to user names; RoleBinding subjects use it. Default <c>oidc:</c>.</summary>
    public string UsernamePrefix { get; set; } = "oidc:";

    /// <summary>Claim the apiserver takes groups from. Default <c>groups</c>.</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Prefix the apiserver adds to groups. Default <c>oidc:</c>.</summary>
    public string GroupsPrefix { get; set; } = "oidc:";
}
