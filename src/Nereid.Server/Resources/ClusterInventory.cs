using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Inventory;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;

namespace Nereid.Server.Resources;

/// <summary>The computed inventory of one cluster at one moment.</summary>
/// <param name="Synced">False until both informers finished their first list (the numbers would undercount).</param>
public sealed record ClusterSnapshot(string Cluster, string? Region, bool Synced, DateTimeOffset ComputedAt, IReadOnlyList<NodeInventory> Nodes, IReadOnlyList<Pod> Pods)
{
    /// <summary>Nodes by name.</summary>
    public IReadOnlyDictionary<string, NodeInventory> NodesByName { get; } = Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
}

/// <summary>
/// Node and pod informers of one cluster feeding a snapshot. Every event marks the snapshot dirty; a single
/// recompute loop waits <see cref="ResourcesOptions.DebounceInterval"/> after the first dirty mark, then recomputes once.
/// </summary>
internal sealed class ClusterInventory
{
    private readonly ConnectedCluster _cluster;
    private readonly ResourcesOptions _options;
    private readonly TimeProvider _time;
    private readonly Informer<Node> _nodes;
    private readonly Informer<Pod> _pods;
    private readonly SemaphoreSlim _dirty = new(0);
    private volatile ClusterSnapshot _snapshot;
    private int _pending;

    public ClusterInventory(ConnectedCluster cluster, ResourcesOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        _cluster = cluster;
        _options = options;
        _time = time;
        _snapshot = new ClusterSnapshot(cluster.Name, cluster.Info.Region, false, time.GetUtcNow(), [], []);
        _nodes = new Informer<Node>(cluster.Client, new InformerOptions(), time, loggers.CreateLogger<Informer<Node>>());
        var podSelector = string.IsNullOrWhiteSpace(options.PodFieldSelector) ? null : options.PodFieldSelector;
        _pods = new Informer<Pod>(cluster.Client, new InformerOptions { FieldSelector = podSelector }, time, loggers.CreateLogger<Informer<Pod>>());
        _nodes.AddHandler(new InformerHandler<Node>(_ => MarkDirty(), (_, _) => MarkDirty(), _ => MarkDirty()));
        _pods.AddHandler(new InformerHandler<Pod>(_ => MarkDirty(), (o, n) => { if (!ReferenceEquals(o, n)) MarkDirty(); }, _ => MarkDirty()));
    }

    public string Name => _cluster.Name;

    public ClusterSnapshot Snapshot => _snapshot;

    /// <summary>Raised after each recomputation (used by tests and the page poller's ETag).</summary>
    public event Action<ClusterSnapshot>? Changed;

    public async Task RunAsync(CancellationToken ct)
    {
        var nodes = _nodes.RunAsync(ct);
        var pods = _pods.RunAsync(ct);
        var recompute = RecomputeLoopAsync(ct);
        await Task.WhenAll(nodes, pods, recompute).ConfigureAwait(false);
    }

    private void MarkDirty()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
            _dirty.Release();
    }

    private async Task RecomputeLoopAsync(CancellationToken ct)
    {
        await Task.WhenAll(_nodes.WaitForSyncAsync(ct), _pods.WaitForSyncAsync(ct)).ConfigureAwait(false);
        Recompute();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _dirty.WaitAsync(ct).ConfigureAwait(false);
                if (_options.DebounceInterval > TimeSpan.Zero)
                    await Task.Delay(_options.DebounceInterval, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            Recompute();
        }
    }

    private void Recompute()
    {
        // Cleared before reading the caches: an event arriving during the computation marks dirty again and is not lost.
        Interlocked.Exchange(ref _pending, 0);
        var pods = _pods.List();
        var nodes = InventoryCalculator.Compute(_nodes.List(), pods);
        var snapshot = new ClusterSnapshot(_cluster.Name, _cluster.Info.Region, true, _time.GetUtcNow(), nodes, pods);
        _snapshot = snapshot;
        Changed?.Invoke(snapshot);
    }
}
