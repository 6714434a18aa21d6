using System.Security.Cryptography.X509Certificates;

namespace Nereid.Kubernetes.Config;

/// <summary>
/// Everything needed to reach one API server as one identity: URL, trust, credentials. Built by
/// <see cref="KubeConfigLoader"/> or <see cref="InClusterConfig"/>, or by hand in tests.
/// </summary>
public sealed class KubeClusterConnection
{
    /// <summary>API server base URL, e.g. <c>https://10.0.0.1:6443</c>.</summary>
    public required Uri Server { get; init; }

    /// <summary>The cluster CA(s): the only trust anchors accepted. Empty means the system store.</summary>
    public X509Certificate2Collection CertificateAuthorities { get; init; } = [];

    /// <summary>Skip server certificate validation entirely (kubeconfig <c>insecure-skip-tls-verify</c>). Default false.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>Name to expect in the server certificate and send as SNI, when it differs from the URL host.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>A static client certificate (with key) for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Bearer-token or exec-plugin credentials; null when only a client certificate is used.</summary>
    public IKubeCredentialProvider? Credentials { get; init; }

    /// <summary>Default namespace of the context (kubeconfig) or the pod (in-cluster).</summary>
    public string? Namespace { get; init; }
}
