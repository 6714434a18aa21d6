using Microsoft.Extensions.Options;

namespace Nereid.Server.Resources;

/// <summary>Samples usage once at start and then every <see cref="UsageOptions.SampleInterval"/>; idle when no cluster is connected.</summary>
internal sealed class UsageSampler(UsageRecorder recorder, InventoryService inventory, IOptions<UsageOptions> options, TimeProvider time,
    ILogger<UsageSampler> logger, Startup.StartupReadiness? startup = null) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        if (inventory.ClusterCount == 0)
        {
            ResourcesLog.SamplerIdle(logger);
            return;
        }
        if (startup is not null)
            await startup.WhenReadyAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        do
        {
            try
            {
                await recorder.SampleAsync(time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A database hiccup loses at most this bucket; the next tick tries again.
                ResourcesLog.SampleFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
