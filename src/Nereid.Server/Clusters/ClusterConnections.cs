using Microsoft.Extensions.Options;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;

namespace Nereid.Server.Clusters;

/// <summary>The clusters from <c>Nereid:Clusters</c>, each with a client acting as Nereid. Built once at startup.</summary>
internal sealed class ClusterConnections : IClusterConnections, IDisposable
{
    private readonly List<KubeClient> _owned = [];

    /// <summary>Connects every configured cluster (no request is sent until used).</summary>
    public ClusterConnections(IOptions<List<ClusterOptions>> options, IOptions<KubernetesClientOptions> clientOptions, TimeProvider time,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clientOptions);
        var clusters = new List<ConnectedCluster>();
        foreach (var o in options.Value)
        {
            var connection = o.InCluster
                ? InClusterConfig.Create()
                : KubeConfigLoader.CreateConnection(KubeConfigLoader.LoadFile(o.Kubeconfig!), time, o.Context);
            var client = new KubeClient(connection, clientOptions.Value, time, loggers.CreateLogger<KubeClient>());
            _owned.Add(client);
            clusters.Add(new ConnectedCluster(o.Name, client, PublicInfo(o)));
        }
        Clusters = clusters;
    }

    /// <inheritdoc />
    public IReadOnlyList<ConnectedCluster> Clusters { get; }

    /// <inheritdoc />
    public ConnectedCluster? Find(string name) => Clusters.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>The public facts of a configured cluster; a base64 CA is decoded to PEM.</summary>
    public static ClusterPublicInfo PublicInfo(ClusterOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var ca = o.CertificateAuthority.Contains("-----BEGIN", StringComparison.Ordinal)
            ? o.CertificateAuthority
            : PemCertificates.DecodeData(o.CertificateAuthority);
        return new ClusterPublicInfo(o.ApiServerUrl, ca, o.OidcClientId, o.Region, o.UsernameClaim, o.GroupsClaim);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var c in _owned)
        {
            c.Dispose();
        }
    }
}
