using Microsoft.Extensions.Logging;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Leader;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease with optimistic concurrency (resourceVersion): acquire when the
/// lease is free or its holder stopped renewing, renew every <see cref="LeaseLeaderElectorOptions.RenewInterval"/>,
/// step down on conflict or when renewals fail past the deadline. Expiry is judged on this replica's own clock from
/// when it last saw the lease change, so clock skew between replicas does not matter.
/// </summary>
public sealed partial class LeaseLeaderElector : ILeaderElector
{
    private readonly IKubeClient _client;
    private readonly LeaseLeaderElectorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LeaseLeaderElector> _logger;
    private Lease? _observed;
    private DateTimeOffset _observedAt;
    private volatile bool _isLeader;

    /// <summary>Creates an elector.</summary>
    public LeaseLeaderElector(IKubeClient client, LeaseLeaderElectorOptions options, TimeProvider timeProvider, ILogger<LeaseLeaderElector> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrEmpty(options.Namespace);
        ArgumentException.ThrowIfNullOrEmpty(options.Identity);
        _client = client;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Identity => _options.Identity;

    /// <inheritdoc />
    public bool IsLeader => _isLeader;

    /// <inheritdoc />
    public async Task RunAsync(LeaderCallbacks callbacks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        if (!await AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _isLeader = true;
        LeaderLog.Started(_logger, _options.Identity, _options.Namespace, _options.Name);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(() => callbacks.OnStartedLeading(leading.Token), CancellationToken.None);
        try
        {
            await RenewUntilLostAsync(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _isLeader = false;
            await leading.CancelAsync().ConfigureAwait(false);
            try
            {
                await work.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LeaderLog.WorkFailed(_logger, ex, _options.Identity);
            }
            catch (OperationCanceledException)
            {
                // Expected: the leader's work was cancelled because leadership ended.
            }
            if (cancellationToken.IsCancellationRequested && _options.ReleaseOnCancel)
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
            LeaderLog.Stopped(_logger, _options.Identity);
            callbacks.OnStoppedLeading?.Invoke();
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false) == Attempt.Leading)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is KubeApiException or HttpRequestException or TimeoutException)
            {
                LeaderLog.AttemptFailed(_logger, ex, _options.Identity);
            }
            if (!await DelayAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
        return false;
    }

    private async Task RenewUntilLostAsync(Task work, CancellationToken cancellationToken)
    {
        var lastRenew = _timeProvider.GetUtcNow();
        while (!work.IsCompleted && await DelayAsync(cancellationToken).ConfigureAwait(false))
        {
            Attempt attempt;
            try
            {
                attempt = await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is KubeApiException or HttpRequestException or TimeoutException)
            {
                LeaderLog.AttemptFailed(_logger, ex, _options.Identity);
                attempt = Attempt.Conflict;
            }
            switch (attempt)
            {
                case Attempt.Leading:
                    lastRenew = _timeProvider.GetUtcNow();
                    break;
                case Attempt.Following:
                    LeaderLog.Lost(_logger, _options.Identity, _observed?.Spec?.HolderIdentity);
                    return;
                default:
                    // Like client-go: a failed or raced renewal is retried until the renew deadline, then we step down.
                    if (_timeProvider.GetUtcNow() - lastRenew >= _options.RenewDeadline)
                    {
                        LeaderLog.Lost(_logger, _options.Identity, null);
                        return;
                    }
                    break;
            }
        }
    }

    private async Task<bool> DelayAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(_options.RenewInterval, _timeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return !cancellationToken.IsCancellationRequested;
    }
}
