using Nereid.Kubernetes.Config;

namespace Nereid.Server.Clusters;

/// <summary>The pod's service-account connection (token file re-read as it rotates). Small stand-in for the shared InClusterConfig.</summary>
public static class InClusterConnection
{
    private const string Root = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Reads KUBERNETES_SERVICE_HOST/PORT and the mounted CA, token and namespace.</summary>
    public static KubeClusterConnection Load()
    {
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")
            ?? throw new InvalidOperationException("InCluster=true but KUBERNETES_SERVICE_HOST is not set: Nereid is not running in a pod.");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT") ?? "443";
        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new KubeClusterConnection
        {
            Server = new Uri($"https://{hostPart}:{port}"),
            CertificateAuthorities = PemCertificates.LoadBundle(File.ReadAllText(Path.Combine(Root, "ca.crt"))),
            Credentials = new TokenFileProvider(Path.Combine(Root, "token")),
            Namespace = File.Exists(Path.Combine(Root, "namespace")) ? File.ReadAllText(Path.Combine(Root, "namespace")).Trim() : null,
        };
    }
}
