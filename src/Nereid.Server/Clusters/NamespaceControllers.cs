using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Placement;
using Nereid.Server.Runtime;

namespace Nereid.Server.Clusters;

/// <summary>
/// The namespace reconciler as a controller of every cluster runtime: while this replica leads a cluster, one
/// <see cref="ClusterController"/> projects the database's namespaces into it.
/// </summary>
internal sealed class NamespaceControllers(
    IServiceScopeFactory scopes, IOptions<ReconcilerOptions> options, IOptions<ProjectionOptions> projection, IOptions<List<ClusterOptions>> clusterOptions,
    TimeProvider time, ILoggerFactory loggers, IOptions<PlacementOptions>? placement = null) : IClusterController
{
    private readonly ConcurrentDictionary<string, ClusterController> _controllers = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "namespaces";

    /// <inheritdoc />
    public bool NeedsLeadership => true;

    /// <summary>The controller currently leading each cluster in this replica (absent when another replica leads).</summary>
    public IReadOnlyDictionary<string, ClusterController> Controllers => _controllers;

    /// <inheritdoc />
    public async Task RunAsync(ClusterRuntime runtime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var o = options.Value;
        var controller = new ClusterController(runtime.Cluster, runtime.Informers, new DesiredStateCache(scopes, o, PlacementFor(runtime.Name)), new StatusWriter(scopes), o,
            ProjectionFor(runtime.Name), time, loggers);
        _controllers[runtime.Name] = controller;
        try
        {
            await controller.RunAsync(cancellationToken);
        }
        finally
        {
            _controllers.TryRemove(runtime.Name, out _);
        }
    }

    private PlacementScope PlacementFor(string cluster) =>
        new(cluster, placement?.Value.DefaultClusters ?? [], ClusterProjection.GroupsPrefix(clusterOptions.Value, cluster));

    private ProjectionOptions ProjectionFor(string cluster) => ClusterProjection.For(projection.Value, clusterOptions.Value, cluster);
}
