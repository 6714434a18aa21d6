namespace Nereid.Kubernetes.Config;

/// <summary>
/// The connection of a pod's service account: <c>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</c>, the
/// mounted CA and a token file that kubelet rotates (re-read whenever it changes).
/// </summary>
public static class InClusterConfig
{
    /// <summary>Where Kubernetes mounts the service-account files.</summary>
    public const string DefaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>True when running in a pod (service host variable set and token mounted).</summary>
    public static bool IsAvailable(string directory = DefaultDirectory, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return !string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST")) && File.Exists(Path.Combine(directory, "token"));
    }

    /// <summary>Builds the connection; <paramref name="directory"/> and <paramref name="environment"/> are overridable for tests.</summary>
    public static KubeClusterConnection Create(string directory = DefaultDirectory, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        environment ??= Environment.GetEnvironmentVariable;
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("Not in a cluster: KUBERNETES_SERVICE_HOST/PORT are not set.");
        }
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }
        var caPath = Path.Combine(directory, "ca.crt");
        var nsPath = Path.Combine(directory, "namespace");
        return new KubeClusterConnection
        {
            Server = new Uri($"https://{host}:{port}"),
            CertificateAuthorities = File.Exists(caPath) ? PemCertificates.LoadBundle(File.ReadAllText(caPath)) : [],
            Credentials = new TokenFileProvider(Path.Combine(directory, "token")),
            Namespace = File.Exists(nsPath) ? File.ReadAllText(nsPath).Trim() : null,
        };
    }
}
