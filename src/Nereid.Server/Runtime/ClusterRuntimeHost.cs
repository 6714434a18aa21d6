using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nereid.Server.Clusters;
using Nereid.Server.Clusters.Preflight;

namespace Nereid.Server.Runtime;

/// <summary>
/// The one place that starts and stops cluster runtimes: one per connected cluster at start, and one more or one
/// fewer when a cluster is added or removed while running. With no cluster (the embedded default) it says so once
/// and does nothing. Every registered <see cref="IClusterController"/> runs in every runtime.
/// </summary>
internal sealed partial class ClusterRuntimeHost : IHostedService, IDisposable
{
    private readonly IClusterConnections _clusters;
    private readonly IReadOnlyList<IClusterController> _controllers;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<ClusterRuntimeHost> _logger;
    private readonly ClusterPreflight? _preflight;
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private bool _started;
    private bool _disposed;

    /// <summary>Creates the host; runtimes start with the host.</summary>
    public ClusterRuntimeHost(IClusterConnections clusters, IEnumerable<IClusterController> controllers, IOptions<ReconcilerOptions> options,
        TimeProvider time, ILoggerFactory loggers, ClusterPreflight? preflight = null)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(controllers);
        ArgumentNullException.ThrowIfNull(options);
        _clusters = clusters;
        _controllers = [.. controllers];
        Settings = RuntimeSettings.From(options.Value);
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ClusterRuntimeHost>();
        _preflight = preflight;
    }

    /// <summary>Identity and lease settings shared by this replica's runtimes.</summary>
    public RuntimeSettings Settings { get; }

    /// <summary>This replica's identity in every cluster's Lease.</summary>
    public string Identity => Settings.Identity;

    /// <summary>The running runtime of every cluster, by name.</summary>
    public IReadOnlyDictionary<string, ClusterRuntime> Runtimes => _running.ToDictionary(r => r.Key, r => r.Value.Runtime, StringComparer.Ordinal);

    /// <summary>The runtime of <paramref name="cluster"/>, or null when it is not connected.</summary>
    public ClusterRuntime? Find(string cluster) => _running.TryGetValue(cluster, out var r) ? r.Runtime : null;

    /// <summary>Starts a runtime for <paramref name="cluster"/> (after the host started; before, it starts with the host).</summary>
    public ClusterRuntime Add(ConnectedCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        lock (_gate)
        {
            if (!_started)
            {
                throw new InvalidOperationException("The runtime host has not started yet.");
            }
            if (_running.ContainsKey(cluster.Name))
            {
                throw new InvalidOperationException($"Cluster '{cluster.Name}' already has a runtime.");
            }
            var runtime = new ClusterRuntime(cluster, _controllers, Settings, _time, _loggers, _preflight);
            var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var task = Task.Run(() => runtime.RunAsync(stop.Token), CancellationToken.None);
            _running[cluster.Name] = new Running(runtime, stop, task);
            return runtime;
        }
    }

    /// <summary>Stops the runtime of <paramref name="cluster"/> and waits for it; false when there was none.</summary>
    public async Task<bool> RemoveAsync(string cluster, CancellationToken cancellationToken)
    {
        if (!_running.TryRemove(cluster, out var running))
        {
            return false;
        }
        await running.Stop.CancelAsync().ConfigureAwait(false);
        await running.Task.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        running.Stop.Dispose();
        return true;
    }

    /// <summary>Starts a runtime per connected cluster; returns once each is registered (so readers find them at once), not when synced.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _started = true;
        }
        if (_clusters.Clusters.Count == 0)
        {
            LogIdle(_logger);
        }
        foreach (var cluster in _clusters.Clusters)
        {
            Add(cluster);
        }
        return Task.CompletedTask;
    }

    /// <summary>Stops every runtime and waits for them (or until <paramref name="cancellationToken"/> fires).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A test host may dispose its services before stopping them; by then every runtime has been stopped by the disposal.
            if (_disposed)
            {
                return;
            }
            _stopping.Cancel();
        }
        await Task.WhenAll(_running.Keys.ToList().Select(name => RemoveAsync(name, cancellationToken))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }

    private sealed record Running(ClusterRuntime Runtime, CancellationTokenSource Stop, Task Task);

    [LoggerMessage(EventId = 4153, Level = LogLevel.Information, Message = "No cluster is connected; no cluster runtime runs")]
    private static partial void LogIdle(ILogger logger);
}
