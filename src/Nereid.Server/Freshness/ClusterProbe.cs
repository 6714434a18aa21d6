using Microsoft.Extensions.Options;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;
using Nereid.Server.Runtime;

namespace Nereid.Server.Freshness;

/// <summary>
/// Checks every <see cref="FreshnessOptions.ProbeInterval"/> that a cluster's API answers (one namespace list of one
/// item), on every replica, and records the answer in <see cref="SourceHealth"/>. The informers hide a lost connection
/// (their caches keep the last state and retry quietly); this is what lets pages say the state is stale.
/// </summary>
internal sealed class ClusterProbe : IClusterController
{
    private readonly SourceHealth _health;
    private readonly FreshnessOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Lists every connected cluster as a source (unknown until checked).</summary>
    public ClusterProbe(SourceHealth health, IClusterConnections clusters, IOptions<FreshnessOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(options);
        _health = health;
        _options = options.Value;
        _time = time;
        foreach (var c in clusters.Clusters)
            health.Register(SourceKinds.Cluster, c.Name, c.Info.ApiServerUrl);
    }

    /// <inheritdoc />
    public string Name => "freshness";

    /// <inheritdoc />
    public bool NeedsLeadership => false;

    /// <inheritdoc />
    public async Task RunAsync(ClusterRuntime runtime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        using var timer = new PeriodicTimer(_options.ProbeInterval, _time);
        try
        {
            do
            {
                await CheckAsync(runtime.Cluster, cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <summary>One check of <paramref name="cluster"/>.</summary>
    internal async Task CheckAsync(ConnectedCluster cluster, CancellationToken cancellationToken)
    {
        var url = cluster.Info.ApiServerUrl;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ProbeTimeout);
            await cluster.Client.ListAsync<Namespace>(null, new ListOptions { Limit = 1 }, timeout.Token).ConfigureAwait(false);
            _health.Succeeded(SourceKinds.Cluster, cluster.Name, url);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: nothing was learnt.
        }
        catch (KubeApiException ex)
        {
            _health.Failed(SourceKinds.Cluster, cluster.Name, url, $"API error {(int)ex.StatusCode}: {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or OperationCanceledException or IOException)
        {
            _health.Failed(SourceKinds.Cluster, cluster.Name, url, ex is OperationCanceledException ? $"no answer within {_options.ProbeTimeout.TotalSeconds:0.#} s" : ex.Message);
        }
    }
}
