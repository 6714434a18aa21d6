using Microsoft.Extensions.Options;

namespace Nereid.Server.Clusters.Preflight;

/// <summary>
/// Repeats each cluster's preflight: every <see cref="PreflightOptions.Interval"/> while it passes, every
/// <see cref="PreflightOptions.RetryInterval"/> while it does not, so a fixed ClusterRole shows on /clusters soon and a
/// permission taken away later shows at all. The first preflight runs where the reconciler starts a cluster.
/// </summary>
internal sealed class PreflightService(IClusterConnections clusters, ClusterPreflight preflight, PreflightResults results, IOptions<PreflightOptions> options,
    TimeProvider time) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(clusters.Clusters.Select(c => RepeatAsync(c, stoppingToken)));

    private async Task RepeatAsync(ConnectedCluster cluster, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = results.Find(cluster.Name) is { Ok: true } ? options.Value.Interval : options.Value.RetryInterval;
            await Task.Delay(wait, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            await preflight.RunAsync(cluster, stoppingToken);
        }
    }
}
