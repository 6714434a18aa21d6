using Nereid.Kubernetes.Config;
using YamlDotNet.RepresentationModel;

namespace Nereid.Server.Clusters;

/// <summary>
/// Reads Nereid's own credentials from a kubeconfig: server, CA (data or file), bearer token (inline or file), or a
/// client certificate. A deliberately small reader until the shared KubeConfigLoader lands; exec plugins are not read here.
/// </summary>
public static class KubeconfigFile
{
    /// <summary>Loads <paramref name="path"/>, using <paramref name="context"/> or the current context.</summary>
    public static KubeClusterConnection Load(string path, string? context)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            yaml.Load(reader);
        }
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var ctxName = context ?? Scalar(root, "current-context") ?? throw new InvalidOperationException($"{path} has no current-context.");
        var ctx = Named(root, "contexts", ctxName, "context");
        var cluster = Named(root, "clusters", Scalar(ctx, "cluster")!, "cluster");
        var user = Named(root, "users", Scalar(ctx, "user")!, "user");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? Read(YamlMappingNode node, string dataKey, string fileKey) =>
            Scalar(node, dataKey) is { } data ? PemCertificates.DecodeData(data)
            : Scalar(node, fileKey) is { } file ? File.ReadAllText(Path.Combine(dir, file)) : null;

        var ca = Read(cluster, "certificate-authority-data", "certificate-authority");
        var certPem = Read(user, "client-certificate-data", "client-certificate");
        var keyPem = Read(user, "client-key-data", "client-key");
        IKubeCredentialProvider? credentials = Scalar(user, "token") is { } token ? new StaticTokenProvider(token)
            : Scalar(user, "tokenFile") is { } tokenFile ? new TokenFileProvider(Path.Combine(dir, tokenFile)) : null;
        return new KubeClusterConnection
        {
            Server = new Uri(Scalar(cluster, "server") ?? throw new InvalidOperationException($"Cluster of context {ctxName} has no server.")),
            CertificateAuthorities = ca is null ? [] : PemCertificates.LoadBundle(ca),
            InsecureSkipTlsVerify = string.Equals(Scalar(cluster, "insecure-skip-tls-verify"), "true", StringComparison.OrdinalIgnoreCase),
            TlsServerName = Scalar(cluster, "tls-server-name"),
            ClientCertificate = certPem is not null && keyPem is not null ? PemCertificates.LoadClientCertificate(certPem, keyPem) : null,
            Credentials = credentials,
            Namespace = Scalar(ctx, "namespace"),
        };
    }

    private static YamlMappingNode Named(YamlMappingNode root, string list, string name, string inner)
    {
        if (root.Children.TryGetValue(new YamlScalarNode(list), out var node) && node is YamlSequenceNode seq)
        {
            foreach (var item in seq.Children.OfType<YamlMappingNode>())
            {
                if (Scalar(item, "name") == name && item.Children.TryGetValue(new YamlScalarNode(inner), out var body) && body is YamlMappingNode m)
                {
                    return m;
                }
            }
        }
        throw new InvalidOperationException($"The kubeconfig has no {inner} named '{name}'.");
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
}
