using Nereid.Kubernetes.Client;

namespace Nereid.Server.Clusters;

/// <summary>
/// Facts about a cluster that people may see and that go into their kubeconfigs (never Nereid's own credentials);
/// <paramref name="UsernameClaim"/> and <paramref name="GroupsClaim"/> are the ID-token claims its API servers map.
/// </summary>
internal sealed record ClusterPublicInfo(string ApiServerUrl, string CertificateAuthorityPem, string OidcClientId, string? Region,
    string UsernameClaim = "email", string GroupsClaim = "groups");

/// <summary>One cluster Nereid is connected to: its name, a client acting as Nereid, and its public facts.</summary>
internal sealed record ConnectedCluster(string Name, IKubeClient Client, ClusterPublicInfo Info);

/// <summary>The clusters Nereid drives. The embedded default has none, and every feature must say so plainly rather than fail.</summary>
internal interface IClusterConnections
{
    IReadOnlyList<ConnectedCluster> Clusters { get; }

    ConnectedCluster? Find(string name);
}

/// <summary>A fixed set of clusters (tests, and the embedded default with an empty list).</summary>
internal sealed class StaticClusterConnections(IReadOnlyList<ConnectedCluster> clusters) : IClusterConnections
{
    public IReadOnlyList<ConnectedCluster> Clusters { get; } = clusters;

    public ConnectedCluster? Find(string name) => Clusters.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
