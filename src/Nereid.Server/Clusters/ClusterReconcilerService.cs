using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nereid.Kubernetes.Leader;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Clusters;

/// <summary>
/// Hosts one leader-elected <see cref="ClusterController"/> per connected cluster. With no cluster connected (the
/// embedded default) it says so once and does nothing.
/// </summary>
public sealed partial class ClusterReconcilerService(
    IClusterConnections clusters, IServiceScopeFactory scopes, IOptions<ReconcilerOptions> options, IOptions<ProjectionOptions> projection,
    IOptions<List<ClusterOptions>> clusterOptions, TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger<ClusterReconcilerService> _logger = loggers.CreateLogger<ClusterReconcilerService>();
    private readonly ConcurrentDictionary<string, ClusterController> _controllers = new(StringComparer.Ordinal);
    private readonly string _identity = options.Value.Identity ?? $"{Environment.MachineName}-{Guid.NewGuid():N}";

    /// <summary>Name of the Lease (in <see cref="ReconcilerOptions.LeaseNamespace"/>) each cluster's replicas contend for.</summary>
    public const string LeaseName = "nereid-reconciler";

    /// <summary>This replica's identity in the Lease.</summary>
    public string Identity => _identity;

    /// <summary>The controller currently leading each cluster in this replica (absent when another replica leads).</summary>
    public IReadOnlyDictionary<string, ClusterController> Controllers => _controllers;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (clusters.Clusters.Count == 0)
        {
            LogIdle(_logger);
            return Task.CompletedTask;
        }
        return Task.WhenAll(clusters.Clusters.Select(c => RunClusterAsync(c, stoppingToken)));
    }

    private async Task RunClusterAsync(ConnectedCluster cluster, CancellationToken stoppingToken)
    {
        var o = options.Value;
        var perCluster = ProjectionFor(cluster.Name);
        var elector = new LeaseLeaderElector(cluster.Client, ElectorOptions(o), time, loggers.CreateLogger<LeaseLeaderElector>());
        var crashed = false;
        var callbacks = new LeaderCallbacks(async leading =>
        {
            var controller = new ClusterController(cluster, new DesiredStateCache(scopes, o), new StatusWriter(scopes), o, perCluster, time, loggers);
            _controllers[cluster.Name] = controller;
            try
            {
                await controller.RunAsync(leading);
            }
            catch (Exception ex) when (!leading.IsCancellationRequested)
            {
                // The controller died while still leading (database down at start, say): step down, pause, campaign again.
                LogCrashed(_logger, ex, cluster.Name);
                crashed = true;
            }
            finally
            {
                _controllers.TryRemove(cluster.Name, out _);
            }
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Returns when leadership is lost (the controller's token was cancelled first) or the host stops; then contend again.
                await elector.RunAsync(callbacks, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Anything unexpected from the campaign itself restarts it after a pause instead of killing the host.
                LogCrashed(_logger, ex, cluster.Name);
                crashed = true;
            }
            if (crashed)
            {
                // Without the pause a controller that fails at once would spin: the elector hands us our own lease right back.
                crashed = false;
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// The shared elector's timings, scaled from the one configured lease duration with client-go's ratios
    /// (15 s lease, 10 s renew deadline, 2 s retry), so a leader steps down before anyone else may take over.
    /// </summary>
    private LeaseLeaderElectorOptions ElectorOptions(ReconcilerOptions o) => new()
    {
        Namespace = o.LeaseNamespace,
        Name = LeaseName,
        Identity = _identity,
        LeaseDuration = o.LeaseDuration,
        RenewDeadline = o.LeaseDuration * 2 / 3,
        RenewInterval = o.LeaseDuration * 2 / 15,
        ReleaseOnCancel = true,
    };

    private ProjectionOptions ProjectionFor(string cluster) => ClusterProjection.For(projection.Value, clusterOptions.Value, cluster);

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "No cluster is connected; the namespace reconciler has nothing to do")]
    private static partial void LogIdle(ILogger logger);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Error, Message = "The reconciler for cluster {Cluster} stopped unexpectedly; restarting in 5 s")]
    private static partial void LogCrashed(ILogger logger, Exception exception, string cluster);
}
