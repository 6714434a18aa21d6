using Microsoft.Extensions.Options;
using Nereid.Server.Clusters;
using Nereid.Server.Leader;

namespace Nereid.Server.Policies;

/// <summary>
/// Runs <see cref="ViolationScanner"/> every <see cref="PolicyOptions.ScanInterval"/> in a fresh scope, only while this
/// replica holds the <c>nereid-policy-scanner</c> lease, so two replicas never both scan, notify or enforce. The lease
/// is a database row (<see cref="DatabaseLeaseLock"/>), not a Kubernetes Lease: a scan spans every cluster, and its
/// leadership must not stop because one cluster is unreachable. With no cluster connected or no Prometheus configured
/// it logs once and idles.
/// </summary>
internal sealed class PolicyScanService(IServiceScopeFactory scopes, IClusterConnections clusters, IOptions<PolicyOptions> options,
    TimeProvider time, ILoggerFactory loggers, Startup.StartupReadiness? startup = null) : BackgroundService
{
    /// <summary>Name of the scan leader's Lease.</summary>
    public const string LeaseName = "nereid-policy-scanner";

    private readonly ILogger<PolicyScanService> _logger = loggers.CreateLogger<PolicyScanService>();
    private DatabaseLeadership? _leadership;
    private int _scans;

    /// <summary>Scans this instance completed (successfully) since start.</summary>
    public int ScansCompleted => Volatile.Read(ref _scans);

    /// <summary>True while this instance holds the scan Lease.</summary>
    public bool IsLeader => _leadership?.IsLeader == true;

    /// <summary>This instance's identity in the scan Lease.</summary>
    public string Identity { get; } = options.Value.LeaderIdentity is { Length: > 0 } id ? id
        : DatabaseLeadership.NewIdentity();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var idle = !o.Enabled ? "disabled by Nereid:Policies:Enabled"
            : clusters.Clusters.Count == 0 ? "no cluster is connected"
            : o.PrometheusUrl is null ? "Nereid:Policies:PrometheusUrl is not set"
            : null;
        if (idle is not null)
        {
            PolicyLog.Idle(_logger, idle);
            return;
        }
        if (startup is not null)
            await startup.WhenReadyAsync(stoppingToken);
        _leadership = new DatabaseLeadership(scopes, LeaseName, o.LeaseDuration, o.LeaseRenewInterval, time, loggers, Identity);
        PolicyLog.Campaigning(_logger, Identity, _leadership.Description);
        // The same loop and retry rule as every cluster runtime's leader; a failed round pauses one renew interval.
        await _leadership.RunAsync(ScanLoopAsync, stoppingToken);
    }

    private async Task ScanLoopAsync(CancellationToken leading)
    {
        PolicyLog.Leading(_logger, Identity);
        PolicyMetrics.Leader(true);
        using var timer = new PeriodicTimer(options.Value.ScanInterval, time);
        try
        {
            await ScanEveryIntervalAsync(timer, leading);
        }
        finally
        {
            PolicyMetrics.Leader(false);
        }
    }

    private async Task ScanEveryIntervalAsync(PeriodicTimer timer, CancellationToken leading)
    {
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<ViolationScanner>().ScanAsync(leading);
                Interlocked.Increment(ref _scans);
                PolicyLog.ScanDone(_logger, result.Findings, result.Opened, result.Resolved, result.Notices, result.PromqlQueries);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !leading.IsCancellationRequested)
            {
                // One failed scan (the database, say) must not stop the next one.
                PolicyMetrics.ScanFailed();
                PolicyLog.ScanFailed(_logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(leading));
    }
}
