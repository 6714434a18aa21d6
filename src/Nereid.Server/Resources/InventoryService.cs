using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nereid.Server.Clusters;
using Nereid.Server.Runtime;

namespace Nereid.Server.Resources;

/// <summary>
/// Keeps a live inventory of every connected cluster (see <see cref="ClusterInventory"/>) as a controller of each
/// cluster runtime, on every replica (it only reads). With no cluster readers get empty snapshots; before a cluster's
/// informers synced, its snapshot says so.
/// </summary>
internal sealed class InventoryService : IClusterController
{
    private readonly ConcurrentDictionary<string, ClusterInventory> _inventories = new(StringComparer.Ordinal);
    private readonly ResourcesOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates an (unsynced) inventory per connected cluster; each fills once its runtime runs.</summary>
    public InventoryService(IClusterConnections clusters, IOptions<ResourcesOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        foreach (var cluster in clusters.Clusters)
        {
            InventoryOf(cluster);
        }
    }

    /// <inheritdoc />
    public string Name => "inventory";

    /// <inheritdoc />
    public bool NeedsLeadership => false;

    /// <summary>Number of connected clusters.</summary>
    public int ClusterCount => _inventories.Count;

    /// <summary>The latest snapshot of every cluster.</summary>
    public IReadOnlyList<ClusterSnapshot> Snapshots => [.. _inventories.Values.Select(i => i.Snapshot)];

    /// <summary>Raised after any cluster's snapshot was recomputed.</summary>
    public event Action<ClusterSnapshot>? Changed;

    /// <inheritdoc />
    public Task RunAsync(ClusterRuntime runtime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return InventoryOf(runtime.Cluster).RunAsync(runtime.Informers, cancellationToken);
    }

    private ClusterInventory InventoryOf(ConnectedCluster cluster) => _inventories.GetOrAdd(cluster.Name, _ =>
    {
        var inventory = new ClusterInventory(cluster, _options, _time);
        inventory.Changed += s => Changed?.Invoke(s);
        return inventory;
    });
}
