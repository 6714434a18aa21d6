using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Kubernetes.WorkQueue;

namespace Nereid.Server.Clusters;

/// <summary>
/// Everything that reconciles namespaces in one cluster while this replica leads it: the work queue and its workers,
/// handlers on the cluster runtime's shared informers, the database poller, the periodic resync and the cluster-wide
/// role. Events only enqueue namespace names.
/// </summary>
internal sealed partial class ClusterController
{
    private readonly ConnectedCluster _cluster;
    private readonly ReconcilerOptions _options;
    private readonly ProjectionOptions _projection;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<ClusterController> _logger;
    private readonly AppliedObjects _applied = new();
    private string? _clusterBindingJson;

    /// <summary>Creates the controller over the cluster's shared <paramref name="informers"/> (run by their owner); nothing runs until <see cref="RunAsync"/>.</summary>
    public ClusterController(ConnectedCluster cluster, SharedInformers informers, DesiredStateCache desired, StatusWriter status, ReconcilerOptions options,
        ProjectionOptions projection, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _cluster = cluster;
        Desired = desired;
        Status = status;
        _options = options;
        _projection = projection;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ClusterController>();
        Metrics = new ControllerMetrics("namespaces", cluster.Name);
        Queue = new WorkQueue<NamespaceKey>(time, new WorkQueueOptions { Metrics = Metrics });
        Observed = new ObservedCluster(informers, options.ResyncPeriod, OnObserved);
        var ports = new ReconcilerPorts(cluster.Name, desired, Observed, new KubeOwnedObjectWriter(cluster.Client), status);
        Reconciler = new NamespaceReconciler(ports, _applied, Stats, projection, options, time);
    }

    /// <summary>Reconcile and queue metrics (controller-runtime's names) of this controller.</summary>
    public ControllerMetrics Metrics { get; }

    /// <summary>Counters of this controller.</summary>
    public ReconcilerStats Stats { get; } = new();

    /// <summary>The database side.</summary>
    public DesiredStateCache Desired { get; }

    /// <summary>The batched status writer.</summary>
    public StatusWriter Status { get; }

    /// <summary>The informer caches.</summary>
    public ObservedCluster Observed { get; }

    /// <summary>The pass itself (benchmarks drive it directly).</summary>
    internal NamespaceReconciler Reconciler { get; }

    /// <summary>The queue of namespace keys.</summary>
    internal WorkQueue<NamespaceKey> Queue { get; }

    /// <summary>Waits for the owned kinds' informers and loads the database; returns once both are in memory (benchmarks call this alone).</summary>
    public async Task StartObservingAsync(CancellationToken cancellationToken)
    {
        await Observed.WaitForSyncAsync(cancellationToken);
        await LoadDesiredAsync(cancellationToken);
    }

    /// <summary>
    /// Loads the database's namespaces, retrying every poll interval while the database is unreachable: a leader keeps its
    /// Lease and its caches through a database outage instead of failing, stepping down and starting over.
    /// </summary>
    private async Task LoadDesiredAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Desired.ReloadAllAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (Outages.DependencyOutage.IsDatabaseUnavailable(ex) && !cancellationToken.IsCancellationRequested)
            {
                LogLoadWaiting(_logger, _cluster.Name, Outages.DependencyOutage.Describe(ex));
            }
            await Task.Delay(_options.DatabasePollInterval, _time, cancellationToken);
        }
    }

    /// <summary>Runs until cancelled (leadership lost or shutdown).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LogStarting(_logger, _cluster.Name);
        try
        {
            // Inside the try: leadership lost while the caches still load must release the queue and handlers too.
            await StartObservingAsync(cancellationToken);
            try
            {
                await EnsureClusterRoleAsync(force: true, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Namespaces do not depend on the cluster-wide role; the resync applies it again.
                LogPollFailed(_logger, ex, _cluster.Name);
            }
            EnqueueAll();
            var loop = new ReconcileLoop<NamespaceKey>($"namespaces@{_cluster.Name}", Queue, Reconciler.ReconcileAsync, _options.Workers,
                _loggers.CreateLogger<ReconcileLoop<NamespaceKey>>(), Metrics, _time);
            await Task.WhenAll(loop.RunAsync(cancellationToken), PollAsync(cancellationToken), ResyncAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Leadership ended or the host is stopping; the next leader lists everything again.
        }
        finally
        {
            // The informers outlive this controller (they are the runtime's); only our handlers go.
            Observed.Dispose();
            Queue.Dispose();
            await Status.FlushAsync(CancellationToken.None);
        }
    }

    /// <summary>Enqueues every namespace the database or the cluster knows.</summary>
    public void EnqueueAll()
    {
        foreach (var name in Desired.Names.Concat(Observed.NamespaceNames).Distinct(StringComparer.Ordinal))
        {
            Queue.Add(new NamespaceKey(name));
        }
    }

    /// <summary>Applies <c>nereid-cluster-user</c> and its binding to every member (skipped when unchanged unless forced).</summary>
    public async Task EnsureClusterRoleAsync(bool force, CancellationToken cancellationToken)
    {
        var binding = NamespaceProjection.ClusterUserBinding(Desired.ActiveMemberEmails(), _projection);
        var json = System.Text.Json.JsonSerializer.Serialize(binding, KubeJson.Options);
        if (!force && json == _clusterBindingJson)
        {
            return;
        }
        var apply = new ApplyOptions(ProjectionNames.FieldManager);
        await _cluster.Client.ApplyAsync(ResourceType.Of<ClusterRole>(), NamespaceProjection.ClusterUserRole(), apply, cancellationToken);
        await _cluster.Client.ApplyAsync(ResourceType.Of<ClusterRoleBinding>(), binding, apply, cancellationToken);
        _clusterBindingJson = json;
    }

    private void OnObserved(string ns, string id, string? resourceVersion)
    {
        // Our own applies echo back through the watch; only someone else's change (or a delete) needs a pass.
        if (_applied.NeedsPass(id, resourceVersion))
        {
            Queue.Add(new NamespaceKey(ns));
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_options.DatabasePollInterval, _time, cancellationToken);
            try
            {
                var changed = await Desired.PollAsync(cancellationToken);
                foreach (var name in changed)
                {
                    Queue.Add(new NamespaceKey(name));
                }
                if (changed.Count > 0)
                {
                    await EnsureClusterRoleAsync(force: false, cancellationToken);
                }
                await Status.FlushAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A database or API hiccup must not stop the poller; the next tick tries again.
                LogPollFailed(_logger, ex, _cluster.Name);
            }
        }
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_options.ResyncPeriod, _time, cancellationToken);
            try
            {
                await Desired.ReloadAllAsync(cancellationToken);
                await EnsureClusterRoleAsync(force: true, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogPollFailed(_logger, ex, _cluster.Name);
            }
            EnqueueAll();
        }
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Reconciling namespaces in cluster {Cluster}")]
    private static partial void LogStarting(ILogger logger, string cluster);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Warning, Message = "Cannot load namespaces for cluster {Cluster} from the database ({Failure}); keeping the lease and retrying")]
    private static partial void LogLoadWaiting(ILogger logger, string cluster, string failure);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Polling the database for cluster {Cluster} failed; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string cluster);
}
