namespace Nereid.Server.ClusterTrust;

/// <summary>How clusters are told to trust Nereid's tokens, bound from <c>Nereid:ClusterTrust</c>.</summary>
internal sealed class ClusterTrustOptions
{
    public const string Section = "Nereid:ClusterTrust";

    /// <summary>
    /// PEM of the CA that signed the certificate Nereid's issuer URL serves, written into the snippet's
    /// <c>issuer.certificateAuthority</c> for API servers that do not trust it already. Default none (the API servers'
    /// system roots).
    /// </summary>
    public string? IssuerCertificateAuthority { get; set; }
}
