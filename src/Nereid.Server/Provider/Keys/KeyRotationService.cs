using Microsoft.Extensions.Options;
using Nereid.Server.Leader;
using Nereid.Server.Startup;

namespace Nereid.Server.Provider.Keys;

/// <summary>
/// Key rotation. Every replica re-reads the keys every <see cref="ProviderOptions.KeyRotationRefreshInterval"/> and at
/// each promotion or expiry it knows of. The replica holding the <c>nereid-provider-keys</c> database lease also creates
/// the next key <see cref="ProviderOptions.KeyRotationLeadTime"/> before the current one retires (so it is published
/// before it signs), and deletes keys no longer published.
/// </summary>
internal sealed partial class KeyRotationService(SigningKeyCache cache, SigningKeyStore store, ProviderClock clock, IServiceScopeFactory scopes,
    StartupReadiness readiness, IOptions<ProviderOptions> options, TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    /// <summary>Name of the rotation leader's lease row.</summary>
    public const string LeaseName = "nereid-provider-keys";

    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LeaseRenewInterval = TimeSpan.FromSeconds(10);
    private readonly ILogger<KeyRotationService> _logger = loggers.CreateLogger<KeyRotationService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await readiness.WhenReadyAsync(stoppingToken);
            await Task.WhenAll(FollowAsync(stoppingToken), LeadAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping (or the host disposed without a stop): not a failure.
        }
    }

    /// <summary>One rotation step as the leader: the next key when due, then pruning; what the schedule runs, callable directly.</summary>
    public async Task RotateAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.UtcNow;
        await cache.RefreshAsync(ct);
        foreach (var algorithm in SigningKeyStore.Algorithms)
        {
            var latest = cache.Published(algorithm).MaxBy(k => k.RetiresAt);
            if (latest is not null && latest.RetiresAt - now <= o.KeyRotationLeadTime)
            {
                await store.CreateAsync(algorithm, latest.RetiresAt, o.KeyRotationInterval, o.KeyRetention, ct);
            }
        }
        var pruned = await store.PruneAsync(now, ct);
        if (pruned > 0)
        {
            LogPruned(_logger, pruned);
        }
        await cache.RefreshAsync(ct);
    }

    private async Task FollowAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await cache.RefreshAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogRotationFailed(_logger, ex);
            }
            var wait = options.Value.KeyRotationRefreshInterval;
            if (cache.NextTransition() is { } next && next - clock.UtcNow < wait)
            {
                wait = next - clock.UtcNow;
            }
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock.Time, ct);
        }
    }

    private async Task LeadAsync(CancellationToken ct)
    {
        var leadership = new DatabaseLeadership(scopes, LeaseName, LeaseDuration, LeaseRenewInterval, time, loggers);
        await leadership.RunAsync(RotateWhileLeadingAsync, ct);
    }

    private async Task RotateWhileLeadingAsync(CancellationToken leading)
    {
        using var timer = new PeriodicTimer(options.Value.KeyRotationRefreshInterval, clock.Time);
        do
        {
            try
            {
                await RotateAsync(leading);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !leading.IsCancellationRequested)
            {
                // The next tick tries again; the current key goes on signing meanwhile.
                LogRotationFailed(_logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(leading));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} provider keys whose tokens have all expired")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider key rotation failed; retrying at the next tick")]
    private static partial void LogRotationFailed(ILogger logger, Exception exception);
}
