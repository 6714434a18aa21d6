using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Projection;
using Nereid.Kubernetes.WorkQueue;
using Nereid.Server.Clusters;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// The only place the bench touches Nereid's per-cluster controller (its construction and API change with the
/// per-cluster runtime; adapt here): start it, feed its queue, read its counters.
/// </summary>
internal sealed partial class ReconcileRig
{
    private ClusterController _controller = null!;
    private string _clusterName = "";

    /// <summary>Namespace names in the database, as the controller loaded them.</summary>
    public IEnumerable<string> DesiredNames => _controller.Desired.Names;

    /// <summary>Objects the desired state projects into the cluster (namespaces and what each one owns).</summary>
    public int DesiredObjects()
    {
        var projection = new ProjectionOptions();
        return _controller.Desired.Names.Sum(n => NamespaceProjection.Build(_controller.Desired.Get(n)!.Snapshot, projection).Objects.Count());
    }

    /// <summary>Namespaces the controller's informer sees in the cluster.</summary>
    public int ObservedNamespaces => _controller.Observed.NamespaceNames.Count();

    /// <summary>Passes, applies, real writes and applies skipped because the informer cache matched.</summary>
    public (long Passes, long Applies, long Writes, long Skipped) Counters =>
        (_controller.Stats.Passes, _controller.Stats.Applies, _controller.Stats.Writes, _controller.Stats.Skipped);

    public void Enqueue(string name) => _controller.Queue.Add(new NamespaceKey(name));

    public void EnqueueAll() => _controller.EnqueueAll();

    private Task FlushStatusAsync(CancellationToken cancellationToken) => _controller.Status.FlushAsync(cancellationToken);

    /// <summary>
    /// Stores the status rows of this rig's first <paramref name="rows"/> namespaces again <paramref name="flushes"/>
    /// times, each time as a new observed version, and returns how many methods the runtime compiled meanwhile. A warm-up
    /// round flushes a few times, but the status path (EF Core's query and raw-SQL pipeline, SQLite) needs about sixty
    /// calls to reach its final tier, so without this it was still compiling during the measured cold pass (160–240
    /// methods, 0.13–0.22 s of CPU), which a server that has run for an hour has long done.
    /// </summary>
    public async Task<long> WarmStatusPathAsync(int flushes, int rows, CancellationToken cancellationToken)
    {
        var before = System.Runtime.JitInfo.GetCompiledMethodCount();
        var sink = (IStatusSink)_controller.Status;
        var names = _controller.Desired.Names.Order(StringComparer.Ordinal).Take(rows).ToList();
        for (var flush = 1; flush <= flushes; flush++)
        {
            foreach (var name in names)
            {
                var conditions = sink.Last(_clusterName, new NamespaceKey(name));
                sink.Enqueue(new StatusUpdate(_clusterName, name, conditions, DateTime.UtcNow, flush));
            }
            await FlushStatusAsync(cancellationToken);
        }
        return System.Runtime.JitInfo.GetCompiledMethodCount() - before;
    }

    /// <summary>Builds the controller, syncs its informers and database cache, and starts its workers; returns what runs.</summary>
    private async Task<Task> StartControllerAsync(string cluster, IServiceScopeFactory scopes, int workers, CancellationToken stop)
    {
        // Each pass sends its namespaced objects together, so a few workers keep the client's request slots full; more
        // workers than cores only spin the thread pool (on two cores 32 workers cost ~58 µs/object in sched_yield).
        var options = new ReconcilerOptions { Workers = workers };
        _clusterName = cluster;
        // The rig plays the cluster runtime: it owns and runs the shared informers the controller reads.
        var informers = new SharedInformers(Client, TimeProvider.System, NullLoggerFactory.Instance);
        _controller = new ClusterController(new ConnectedCluster(cluster, Client, new ClusterPublicInfo("https://" + cluster, "", "nereid", null)),
            informers, new DesiredStateCache(scopes, options), new StatusWriter(scopes), options, new ProjectionOptions(),
            TimeProvider.System, NullLoggerFactory.Instance);
        var running = informers.RunAsync(stop);
        await _controller.StartObservingAsync(stop);
        async Task<ReconcileResult> Pass(NamespaceKey key, CancellationToken ct)
        {
            var result = await _controller.Reconciler.ReconcileAsync(key, ct);
            MarkDone(key.Name);
            return result;
        }
        var loop = new ReconcileLoop<NamespaceKey>(cluster, _controller.Queue, Pass, options.Workers, NullLogger<ReconcileLoop<NamespaceKey>>.Instance);
        return Task.WhenAll(loop.RunAsync(stop), running, FlushEveryPollAsync(options.DatabasePollInterval, stop));
    }

    /// <summary>
    /// Stores queued status rows every database poll interval while passes run, as the server's controller does on each
    /// poll; <see cref="UntilDoneAsync"/> then stores only the rest instead of every row of the pass at its end.
    /// </summary>
    private async Task FlushEveryPollAsync(TimeSpan interval, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, stop);
                await FlushStatusAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The rig stopped.
        }
    }
}
