using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Inventory;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;

namespace Nereid.Server.Resources;

/// <summary>The computed inventory of one cluster at one moment.</summary>
/// <param name="Synced">False until both informers finished their first list (the numbers would undercount).</param>
internal sealed record ClusterSnapshot(string Cluster, string? Region, bool Synced, DateTimeOffset ComputedAt, IReadOnlyList<NodeInventory> Nodes, IReadOnlyList<Pod> Pods)
{
    /// <summary>Nodes by name.</summary>
    public IReadOnlyDictionary<string, NodeInventory> NodesByName { get; } = Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
}

/// <summary>
/// One cluster's snapshot, fed by the cluster runtime's shared node and pod informers. Every event marks the snapshot
/// dirty; a single recompute loop waits <see cref="ResourcesOptions.DebounceInterval"/> after the first dirty mark,
/// then recomputes once.
/// </summary>
internal sealed class ClusterInventory
{
    private readonly ConnectedCluster _cluster;
    private readonly ResourcesOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _dirty = new(0);
    private volatile ClusterSnapshot _snapshot;
    private int _pending;

    public ClusterInventory(ConnectedCluster cluster, ResourcesOptions options, TimeProvider time)
    {
        _cluster = cluster;
        _options = options;
        _time = time;
        _snapshot = new ClusterSnapshot(cluster.Name, cluster.Info.Region, false, time.GetUtcNow(), [], []);
    }

    public string Name => _cluster.Name;

    public ClusterSnapshot Snapshot => _snapshot;

    /// <summary>Raised after each recomputation (used by tests and the page poller's ETag).</summary>
    public event Action<ClusterSnapshot>? Changed;

    /// <summary>The pod informer every pod reader shares (inventory and policies must ask with the same selection).</summary>
    public static Informer<Pod> Pods(SharedInformers informers, ResourcesOptions options) =>
        informers.For<Pod>(new InformerOptions { FieldSelector = string.IsNullOrWhiteSpace(options.PodFieldSelector) ? null : options.PodFieldSelector });

    /// <summary>Keeps the snapshot current from the shared informers until cancelled.</summary>
    public async Task RunAsync(SharedInformers informers, CancellationToken ct)
    {
        var nodes = informers.For<Node>();
        var pods = Pods(informers, _options);
        using var nodeEvents = nodes.AddHandler(new InformerHandler<Node>(_ => MarkDirty(), (_, _) => MarkDirty(), _ => MarkDirty()));
        using var podEvents = pods.AddHandler(new InformerHandler<Pod>(_ => MarkDirty(), (o, n) => { if (!ReferenceEquals(o, n)) MarkDirty(); }, _ => MarkDirty()));
        await RecomputeLoopAsync(nodes, pods, ct).ConfigureAwait(false);
    }

    private void MarkDirty()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
            _dirty.Release();
    }

    private async Task RecomputeLoopAsync(Informer<Node> nodes, Informer<Pod> pods, CancellationToken ct)
    {
        try
        {
            await Task.WhenAll(nodes.WaitForSyncAsync(ct), pods.WaitForSyncAsync(ct)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        Recompute(nodes, pods);
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
            Recompute(nodes, pods);
        }
    }

    private void Recompute(Informer<Node> nodeInformer, Informer<Pod> podInformer)
    {
        // Cleared before reading the caches: an event arriving during the computation marks dirty again and is not lost.
        Interlocked.Exchange(ref _pending, 0);
        var pods = podInformer.List();
        var nodes = InventoryCalculator.Compute(nodeInformer.List(), pods);
        var snapshot = new ClusterSnapshot(_cluster.Name, _cluster.Info.Region, true, _time.GetUtcNow(), nodes, pods);
        _snapshot = snapshot;
        Changed?.Invoke(snapshot);
    }
}
