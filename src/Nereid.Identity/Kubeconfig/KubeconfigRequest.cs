namespace Nereid.Identity.Kubeconfig;

/// <summary>Which credential plugin the kubeconfig's user runs.</summary>
public enum KubeconfigVariant
{
    /// <summary><c>nereid auth token</c> (the Nereid CLI).</summary>
    Exec,
    /// <summary><c>kubectl oidc-login get-token</c> (int128/kubelogin).</summary>
    Kubelogin,
}

/// <summary>Everything a per-cluster kubeconfig needs. Deliberately has no field for a client secret.</summary>
/// <param name="ClusterName">Cluster (and context) name, e.g. <c>nautilus</c>.</param>
/// <param name="Server">API server URL (https).</param>
/// <param name="CertificateAuthorityPem">PEM bundle of the CA(s) that signed the API server certificate.</param>
/// <param name="Issuer">OIDC issuer URL the cluster trusts.</param>
/// <param name="ClientId">Public OIDC client id of the CLI (the apiserver's <c>--oidc-client-id</c>).</param>
/// <param name="Namespace">Default namespace of the context, if any.</param>
/// <param name="TlsServerName">Name to verify in the server certificate when it differs from the URL host.</param>
public sealed record KubeconfigRequest(
    string ClusterName,
    string Server,
    string CertificateAuthorityPem,
    string Issuer,
    string ClientId,
    string? Namespace = null,
    string? TlsServerName = null,
    KubeconfigVariant Variant = KubeconfigVariant.Exec)
{
    /// <summary>User name in the file. Default <c>&lt;ClusterName&gt;-oidc</c>.</summary>
    public string? UserName { get; init; }

    /// <summary>The portal page offering the self-contained CLI, named in the exec plugin's install hint; null names the .NET tool.</summary>
    public string? CliDownloadPage { get; init; }
}
