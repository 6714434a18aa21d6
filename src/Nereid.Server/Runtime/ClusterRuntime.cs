using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Leader;
using Nereid.Server.Clusters;
using Nereid.Server.Clusters.Preflight;

namespace Nereid.Server.Runtime;

/// <summary>
/// Everything Nereid runs against one connected cluster, as controller-runtime's Manager: the client, one shared
/// informer per kind (<see cref="Informers"/>) that every controller reads, and one leader-election loop on the
/// cluster's Lease. Controllers that need leadership run while this replica leads; the others run on every replica.
/// A controller that fails is logged and restarted after the loop's pause, without stopping the others.
/// </summary>
internal sealed partial class ClusterRuntime
{
    private readonly IReadOnlyList<IClusterController> _controllers;
    private readonly RuntimeSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<ClusterRuntime> _logger;
    private readonly LeaderLoop? _leader;
    private readonly ClusterPreflight? _preflight;

    /// <summary>Creates the runtime; nothing is listed, watched or elected until <see cref="RunAsync"/>.</summary>
    public ClusterRuntime(ConnectedCluster cluster, IReadOnlyList<IClusterController> controllers, RuntimeSettings settings, TimeProvider time,
        ILoggerFactory loggers, ClusterPreflight? preflight = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(controllers);
        ArgumentNullException.ThrowIfNull(settings);
        Cluster = cluster;
        _controllers = controllers;
        _settings = settings;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ClusterRuntime>();
        _preflight = preflight;
        Informers = new SharedInformers(cluster.Client, time, loggers);
        Discovery = new ApiDiscovery(cluster.Client, time, settings.DiscoveryInterval);
        if (controllers.Any(c => c.NeedsLeadership))
        {
            var elector = new LeaseLeaderElector(cluster.Client, settings.ElectorOptions(), time, loggers.CreateLogger<LeaseLeaderElector>());
            _leader = new LeaderLoop(elector, $"{settings.LeaseNamespace}/{RuntimeSettings.LeaseName}@{cluster.Name}", settings.RetryPause, time,
                loggers.CreateLogger<LeaderLoop>());
        }
    }

    /// <summary>The cluster's name.</summary>
    public string Name => Cluster.Name;

    /// <summary>The cluster: name, client acting as Nereid, public facts.</summary>
    public ConnectedCluster Cluster { get; }

    /// <summary>The client acting as Nereid.</summary>
    public IKubeClient Client => Cluster.Client;

    /// <summary>The cluster's shared informers: one per kind, whoever reads it.</summary>
    public SharedInformers Informers { get; }

    /// <summary>Which kinds the cluster serves (cached discovery): ask before requesting an informer for a custom resource.</summary>
    public ApiDiscovery Discovery { get; }

    /// <summary>True while this replica leads the cluster.</summary>
    public bool IsLeader => _leader?.IsLeader == true;

    /// <summary>This replica's identity in the cluster's Lease.</summary>
    public string Identity => _settings.Identity;

    /// <summary>Runs informers, the leader loop and every controller until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LogStarting(_logger, Name, _controllers.Count);
        var informers = Informers.RunAsync(cancellationToken);
        var everywhere = _controllers.Where(c => !c.NeedsLeadership).Select(c => RunRestartingAsync(c, cancellationToken));
        var leaderOnly = _controllers.Where(c => c.NeedsLeadership).ToList();
        var leading = _leader is null ? Task.CompletedTask : LeadAsync(_leader, leaderOnly, cancellationToken);
        await Task.WhenAll([informers, leading, .. everywhere]).ConfigureAwait(false);
        LogStopped(_logger, Name);
    }

    private async Task LeadAsync(LeaderLoop leader, List<IClusterController> leaderOnly, CancellationToken cancellationToken)
    {
        // The preflight creates the lease namespace (and says what is missing) before the first campaign needs it.
        if (_preflight is not null)
        {
            await _preflight.RunAsync(Cluster, cancellationToken).ConfigureAwait(false);
        }
        foreach (var c in leaderOnly)
        {
            LeaderGauge.Set(this, c.Name, Name, leading: false);
        }
        try
        {
            await leader.RunAsync(t => Task.WhenAll(leaderOnly.Select(c => RunLeadingAsync(c, t))), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var c in leaderOnly)
            {
                LeaderGauge.Remove(this, c.Name, Name);
            }
        }
    }

    private async Task RunLeadingAsync(IClusterController controller, CancellationToken leading)
    {
        LeaderGauge.Set(this, controller.Name, Name, leading: true);
        try
        {
            await controller.RunAsync(this, leading).ConfigureAwait(false);
        }
        finally
        {
            LeaderGauge.Set(this, controller.Name, Name, leading: false);
        }
    }

    private async Task RunRestartingAsync(IClusterController controller, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await controller.RunAsync(this, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // One broken controller must not stop the cluster's others (or other clusters); same pause as the leader loop.
                LogControllerFailed(_logger, ex, controller.Name, Name, _settings.RetryPause.TotalSeconds);
            }
            await Task.Delay(_settings.RetryPause, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(EventId = 4150, Level = LogLevel.Information, Message = "Starting the runtime of cluster {Cluster} with {Controllers} controllers")]
    private static partial void LogStarting(ILogger logger, string cluster, int controllers);

    [LoggerMessage(EventId = 4151, Level = LogLevel.Information, Message = "The runtime of cluster {Cluster} stopped")]
    private static partial void LogStopped(ILogger logger, string cluster);

    [LoggerMessage(EventId = 4152, Level = LogLevel.Error, Message = "Controller {Controller} on cluster {Cluster} failed; restarting it in {Seconds} s")]
    private static partial void LogControllerFailed(ILogger logger, Exception exception, string controller, string cluster, double seconds);
}
