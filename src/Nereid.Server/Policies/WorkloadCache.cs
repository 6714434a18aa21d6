using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;
using Nereid.Server.Resources;

namespace Nereid.Server.Policies;

/// <summary>One cluster's workloads as the informer caches hold them.</summary>
public sealed record CachedWorkloads(IReadOnlyList<Pod> Pods, IReadOnlyList<Deployment> Deployments, IReadOnlyList<Job> Jobs);

/// <summary>
/// List+watch caches of Deployments and Jobs per connected cluster, plus the pods the Resources inventory already watches
/// (its pod informer is shared rather than duplicated: 20,000 cached pods cost hundreds of MB). Started lazily by the first
/// scan, so a replica that never scans (scans disabled, or not the leader) watches nothing extra; until a cluster's caches
/// have synced, the scanner falls back to paged LISTs.
/// </summary>
public sealed class WorkloadCache(InventoryService inventory, TimeProvider time, ILoggerFactory loggers, ILogger<WorkloadCache> logger) : IAsyncDisposable
{
    private readonly Dictionary<string, ClusterCache> _clusters = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();

    /// <summary>Starts watching every cluster of <paramref name="clusters"/> not yet watched; returns at once.</summary>
    public void EnsureStarted(IEnumerable<ConnectedCluster> clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            foreach (var cluster in clusters)
            {
                if (_clusters.ContainsKey(cluster.Name))
                    continue;
                var cache = new ClusterCache(cluster, time, loggers);
                _clusters[cluster.Name] = cache;
                PolicyLog.CacheStarting(logger, cluster.Name);
                cache.Run = RunAsync(cache, _stop.Token);
            }
        }
    }

    /// <summary>The cluster's cached workloads, or null while any of its caches (pods, Deployments, Jobs) has not synced.</summary>
    public CachedWorkloads? TryGet(string cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ClusterCache? cache;
        lock (_gate)
        {
            cache = _clusters.GetValueOrDefault(cluster);
        }
        if (cache is null || !cache.Deployments.HasSynced || !cache.Jobs.HasSynced)
            return null;
        var pods = inventory.Snapshots.FirstOrDefault(s => string.Equals(s.Cluster, cluster, StringComparison.Ordinal));
        return pods is { Synced: true } ? new CachedWorkloads(pods.Pods, cache.Deployments.List(), cache.Jobs.List()) : null;
    }

    /// <summary>Completes when every started cluster's caches have synced (benchmarks and tests; a server just scans).</summary>
    public async Task WaitForSyncAsync(CancellationToken ct)
    {
        List<string> names;
        lock (_gate)
        {
            names = [.. _clusters.Keys];
        }
        // The inventory publishes a snapshot per recompute; polling it briefly is simpler than wiring its event here.
        while (names.Any(n => TryGet(n) is null))
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
    }

    private async Task RunAsync(ClusterCache cache, CancellationToken ct)
    {
        try
        {
            await Task.WhenAll(cache.Deployments.RunAsync(ct), cache.Jobs.RunAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // The informers retry by themselves; reaching here means a bug, and the scanner keeps falling back to LIST.
            PolicyLog.CacheFailed(logger, ex, cache.Name);
        }
    }

    /// <summary>Stops the informers.</summary>
    public async ValueTask DisposeAsync()
    {
        List<Task> runs;
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
                return;
            _stop.Cancel();
            runs = [.. _clusters.Values.Select(c => c.Run)];
        }
        await Task.WhenAll(runs).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private sealed class ClusterCache(ConnectedCluster cluster, TimeProvider time, ILoggerFactory loggers)
    {
        public string Name => cluster.Name;

        // No resync: nothing here reacts to events, the scan reads the cache as it is.
        public Informer<Deployment> Deployments { get; } = new(cluster.Client, new InformerOptions { ResyncPeriod = TimeSpan.Zero }, time,
            loggers.CreateLogger<Informer<Deployment>>());

        public Informer<Job> Jobs { get; } = new(cluster.Client, new InformerOptions { ResyncPeriod = TimeSpan.Zero }, time,
            loggers.CreateLogger<Informer<Job>>());

        public Task Run { get; set; } = Task.CompletedTask;
    }
}
