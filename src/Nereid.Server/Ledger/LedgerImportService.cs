using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Server.Leader;
using Nereid.Server.Slurm;

namespace Nereid.Server.Ledger;

/// <summary>
/// Imports into the usage ledger every <see cref="LedgerOptions.ImportInterval"/>, only while this replica holds the
/// <c>nereid-ledger-importer</c> database lease: the Kubernetes usage sampler's new rows, then each registered Slurm
/// cluster's finished jobs. Each source fails alone (an unreachable Slurm cluster does not hold back the others); the
/// cursors and unique source keys make a retried or repeated pass harmless.
/// </summary>
internal sealed partial class LedgerImportService(IServiceScopeFactory scopes, SlurmClusters clusters, IHttpClientFactory httpClients,
    IOptions<LedgerOptions> options, SlurmStatusStore status, TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    /// <summary>Name of the importer's lease row.</summary>
    public const string LeaseName = "nereid-ledger-importer";

    private readonly ILogger<LedgerImportService> _logger = loggers.CreateLogger<LedgerImportService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.ImportEnabled)
            return;
        var leadership = new DatabaseLeadership(scopes, LeaseName, o.LeaseDuration, o.LeaseRenewInterval, time, loggers);
        await leadership.RunAsync(ImportWhileLeadingAsync, stoppingToken);
    }

    /// <summary>One import of every source; what the schedule runs, callable directly.</summary>
    public async Task PassAsync(CancellationToken ct)
    {
        var o = options.Value;
        await RunAsync("kubernetes", db => new KubernetesLedgerImporter(db, o.Overlap).ImportAsync(ct), ct);
        foreach (var cluster in clusters.All)
        {
            var http = httpClients.CreateClient(SlurmProjectionService.HttpClientName);
            http.BaseAddress = new Uri(cluster.RestUrl.EndsWith('/') ? cluster.RestUrl : cluster.RestUrl + "/");
            var client = new SlurmRestClient(http, cluster);
            var error = await RunAsync("slurm/" + cluster.Name,
                db => new SlurmLedgerImporter(db, client, cluster, time, o.Overlap, o.FirstLookback, o.SlurmImportSlice).ImportAsync(ct), ct);
            try
            {
                await status.RecordImportAsync(cluster.Name, error, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogImportFailed(_logger, "slurm/" + cluster.Name + " (status)", ex);
            }
        }
    }

    private async Task ImportWhileLeadingAsync(CancellationToken leading)
    {
        using var timer = new PeriodicTimer(options.Value.ImportInterval, time);
        do
        {
            await PassAsync(leading);
        }
        while (await timer.WaitForNextTickAsync(leading));
    }

    /// <summary>Runs one source's import; the error's message when it failed, null when it succeeded.</summary>
    private async Task<string?> RunAsync(string source, Func<NereidDbContext, Task<int>> import, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var added = await import(scope.ServiceProvider.GetRequiredService<NereidDbContext>());
            LogImported(_logger, source, added);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The next tick retries from the same cursor.
            LogImportFailed(_logger, source, ex);
            return ex.Message;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ledger import from {Source}: {Added} new records")]
    private static partial void LogImported(ILogger logger, string source, int added);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ledger import from {Source} failed")]
    private static partial void LogImportFailed(ILogger logger, string source, Exception exception);
}
