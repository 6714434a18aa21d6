using System.Security.Cryptography.X509Certificates;

namespace Nereid.Kubernetes.Config;

/// <summary>Loads PEM certificates and key pairs as kubeconfig and exec plugins provide them.</summary>
public static class PemCertificates
{
    /// <summary>All certificates in a PEM bundle (a CA file may hold several).</summary>
    public static X509Certificate2Collection LoadBundle(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return collection;
    }

    /// <summary>A certificate with its private key, usable as a TLS client certificate.</summary>
    public static X509Certificate2 LoadClientCertificate(string certificatePem, string keyPem)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        ArgumentNullException.ThrowIfNull(keyPem);
        using var ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        // SslStream on some platforms refuses ephemeral keys; a PKCS#12 round trip gives a persisted key handle.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Decodes a kubeconfig <c>*-data</c> field (base64 of PEM).</summary>
    public static string DecodeData(string base64) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64));



}
