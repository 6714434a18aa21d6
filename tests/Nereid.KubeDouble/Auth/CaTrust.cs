using System.Security.Cryptography.X509Certificates;

namespace Nereid.KubeDouble.Auth;

/// <summary>Chain validation against one custom root (what kubectl does with certificate-authority-data).</summary>
public static class CaTrust
{
    public static bool Verify(X509Certificate2 ca, X509Certificate presented)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(leaf);
    }
}
