using Microsoft.Extensions.Options;
using Nereid.Domain.Slurm;
using Nereid.Server.Leader;

namespace Nereid.Server.Slurm;

/// <summary>
/// Projects namespaces into every registered Slurm cluster, a round of passes <see cref="SlurmOptions.ResyncInterval"/> after
/// the last ended (longer after a long one, <see cref="SlurmOptions.DelayAfter"/>), only while this
/// replica holds the <c>nereid-slurm-projector</c> database lease (Slurm clusters are not Kubernetes clusters, so no
/// cluster runtime hosts this). Each cluster keeps its own <see cref="SlurmProjector"/> (and so its grace-period memory);
/// one failing cluster does not stop the others. Idle with no Slurm cluster registered.
/// </summary>
internal sealed partial class SlurmProjectionService(IServiceScopeFactory scopes, SlurmClusters clusters, IHttpClientFactory httpClients,
    IOptions<SlurmOptions> options, SlurmStatusStore status, TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    /// <summary>Name of the projector's lease row.</summary>
    public const string LeaseName = "nereid-slurm-projector";

    /// <summary>Name of the HttpClient used for slurmrestd.</summary>
    public const string HttpClientName = "slurmrestd";

    private readonly ILogger<SlurmProjectionService> _logger = loggers.CreateLogger<SlurmProjectionService>();
    private readonly Dictionary<string, (SlurmRestClient Client, SlurmProjector Projector)> _projectors = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (clusters.All.Count == 0)
        {
            LogIdle(_logger);
            return;
        }
        var o = options.Value;
        var leadership = new DatabaseLeadership(scopes, LeaseName, o.LeaseDuration, o.LeaseRenewInterval, time, loggers);
        await leadership.RunAsync(ProjectWhileLeadingAsync, stoppingToken);
    }

    private async Task ProjectWhileLeadingAsync(CancellationToken leading)
    {
        while (true)
        {
            var started = time.GetTimestamp();
            foreach (var cluster in clusters.All)
                await PassAsync(cluster, leading);
            var round = time.GetElapsedTime(started);
            var delay = options.Value.DelayAfter(round);
            if (delay > options.Value.ResyncInterval)
                LogPaced(_logger, round, delay);
            await Task.Delay(delay, time, leading);
        }
    }

    private async Task PassAsync(SlurmClusterOptions cluster, CancellationToken ct)
    {
        if (!_projectors.TryGetValue(cluster.Name, out var p))
        {
            var http = httpClients.CreateClient(HttpClientName);
            http.BaseAddress = new Uri(cluster.RestUrl.EndsWith('/') ? cluster.RestUrl : cluster.RestUrl + "/");
            var client = new SlurmRestClient(http, cluster, options.Value.WriteBatchSize);
            p = (client, new SlurmProjector(client, time, options.Value.GracePeriod));
            _projectors[cluster.Name] = p;
        }
        IReadOnlyList<SlurmDesiredNamespace> desired;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            desired = await scope.ServiceProvider.GetRequiredService<SlurmDesiredState>().LoadAsync(cluster, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The database, not Slurm, failed: nothing was observed, so the stored status stays as the last pass left it.
            LogPassFailed(_logger, cluster.Name, ex);
            return;
        }
        var writes = p.Client.Writes;
        SlurmPassFacts facts;
        try
        {
            var result = await p.Projector.PassAsync(desired, ct);
            facts = SlurmStatusFacts.Succeeded(desired, result, p.Client);
            LogPass(_logger, cluster.Name, desired.Count, result.Writes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // One unreachable Slurm cluster must not stop the others; the next tick retries.
            facts = SlurmStatusFacts.Failed(desired, ex, p.Client, p.Client.Writes - writes);
            LogPassFailed(_logger, cluster.Name, ex);
        }
        try
        {
            await status.RecordPassAsync(cluster.Name, facts, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogStatusFailed(_logger, cluster.Name, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slurm projection idle: no Slurm cluster is registered")]
    private static partial void LogIdle(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Slurm cluster {Cluster}: {Accounts} namespaces, {Writes} writes")]
    private static partial void LogPass(ILogger logger, string cluster, int accounts, int writes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slurm projection: a round of passes took {Round}; the next starts in {Delay} (Nereid:Slurm:MaxDutyCycle)")]
    private static partial void LogPaced(ILogger logger, TimeSpan round, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slurm cluster {Cluster}: pass failed")]
    private static partial void LogPassFailed(ILogger logger, string cluster, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slurm cluster {Cluster}: status not stored")]
    private static partial void LogStatusFailed(ILogger logger, string cluster, Exception exception);
}
