using Microsoft.Extensions.Options;
using Nereid.Server.Clusters;

namespace Nereid.Server.Resources;

/// <summary>
/// Keeps a live inventory of every connected cluster (see <see cref="ClusterInventory"/>). With no cluster it logs once
/// and idles; readers then get empty snapshots.
/// </summary>
public sealed class InventoryService : BackgroundService
{
    private readonly IClusterConnections _clusters;
    private readonly ILogger<InventoryService> _logger;
    private readonly IReadOnlyList<ClusterInventory> _inventories;

    /// <summary>Creates the per-cluster inventories (they start watching in <see cref="ExecuteAsync"/>).</summary>
    public InventoryService(IClusterConnections clusters, IOptions<ResourcesOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _clusters = clusters;
        _logger = loggers.CreateLogger<InventoryService>();
        _inventories = [.. clusters.Clusters.Select(c => new ClusterInventory(c, options.Value, time, loggers))];
    }

    /// <summary>Number of connected clusters.</summary>
    public int ClusterCount => _inventories.Count;

    /// <summary>The latest snapshot of every cluster.</summary>
    public IReadOnlyList<ClusterSnapshot> Snapshots => [.. _inventories.Select(i => i.Snapshot)];

    /// <summary>Raised after any cluster's snapshot was recomputed.</summary>
    public event Action<ClusterSnapshot>? Changed;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_inventories.Count == 0)
        {
            ResourcesLog.NoClusters(_logger);
            return;
        }
        ResourcesLog.Watching(_logger, _clusters.Clusters.Count);
        foreach (var inventory in _inventories)
            inventory.Changed += s => Changed?.Invoke(s);
        await Task.WhenAll(_inventories.Select(i => RunClusterAsync(i, stoppingToken))).ConfigureAwait(false);
    }

    private async Task RunClusterAsync(ClusterInventory inventory, CancellationToken ct)
    {
        try
        {
            await inventory.RunAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // One broken cluster must not stop the others; its last snapshot stays visible.
            ResourcesLog.ClusterFailed(_logger, ex, inventory.Name);
        }
    }
}
