using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Nereid.Kubernetes.Config;

/// <summary>
/// Validates a server certificate against exactly the cluster CA: the chain is built with the CA as the only trust
/// anchor, so a certificate from any public or system CA is rejected.
/// </summary>
internal static class ClusterCertificateValidator
{
    /// <summary>
    /// True when <paramref name="certificate"/> chains to one of <paramref name="authorities"/> and its name matches:
    /// <paramref name="serverName"/> when given (kubeconfig <c>tls-server-name</c>), else the platform's host check.
    /// </summary>
    public static bool Validate(
        X509Certificate? certificate,
        X509Certificate2Collection authorities,
        SslPolicyErrors errors,
        string? serverName = null)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }
        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        var nameOk = serverName is null
            ? (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
            : leaf.MatchesHostname(serverName);
        if (!nameOk)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // Cluster CAs publish no CRL or OCSP endpoint.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
