using Nereid.Server.Clusters;

// Lives in the Extensions namespace so the host wires clusters with one line each and no extra using.
namespace Nereid.Server.Extensions;

/// <summary>The host's entry points into the Clusters feature.</summary>
internal static class ClusterWiring
{
    /// <summary>Registers cluster connections, options and the leader-elected reconciler.</summary>
    public static IHostApplicationBuilder AddNereidClusters(this IHostApplicationBuilder builder) => ClusterServiceExtensions.AddClusterServices(builder);

    /// <summary>Maps /api/v1/clusters, /api/v1/namespaces/{name}/status and /api/v1/namespaces/{name}/diff.</summary>
    public static RouteGroupBuilder MapClustersApi(this RouteGroupBuilder api) => NamespaceDiffApi.Map(ClustersApi.Map(api));
}
