using Microsoft.Extensions.Options;
using Nereid.Server.Clusters;

namespace Nereid.Server.Policies;

/// <summary>
/// Runs <see cref="ViolationScanner"/> every <see cref="PolicyOptions.ScanInterval"/> in a fresh scope. With no cluster
/// connected or no Prometheus configured it logs once and idles.
/// </summary>
public sealed class PolicyScanService(IServiceScopeFactory scopes, IClusterConnections clusters, IOptions<PolicyOptions> options,
    TimeProvider time, ILogger<PolicyScanService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var idle = !o.Enabled ? "disabled by Nereid:Policies:Enabled"
            : clusters.Clusters.Count == 0 ? "no cluster is connected"
            : o.PrometheusUrl is null ? "Nereid:Policies:PrometheusUrl is not set"
            : null;
        if (idle is not null)
        {
            PolicyLog.Idle(logger, idle);
            return;
        }
        using var timer = new PeriodicTimer(o.ScanInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<ViolationScanner>().ScanAsync(stoppingToken);
                PolicyLog.ScanDone(logger, result.Findings, result.Opened, result.Resolved, result.Notices, result.PromqlQueries);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // One failed scan (Prometheus or a cluster down) must not stop the next one.
                PolicyLog.ScanFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
