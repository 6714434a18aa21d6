using Microsoft.Extensions.Logging;

namespace Nereid.Kubernetes.Leader;

/// <summary>
/// Leader election on a lease with optimistic concurrency (the protocol of client-go): acquire when the lease is free
/// or its holder stopped renewing, renew every <see cref="LeaderElectorOptions.RenewInterval"/>, step down when another
/// holder appears or renewals fail past the deadline. Expiry is judged on this replica's own clock from when it last
/// saw the lease change, so clock skew between replicas does not matter. Where the lease lives is an <see cref="ILeaseLock"/>.
/// </summary>
public class LeaderElector : ILeaderElector
{
    private readonly ILeaseLock _lock;
    private readonly LeaderElectorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private LeaseRecord? _observed;
    private DateTimeOffset _observedAt;
    private volatile bool _isLeader;

    /// <summary>Creates an elector over <paramref name="leaseLock"/>.</summary>
    public LeaderElector(ILeaseLock leaseLock, LeaderElectorOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(leaseLock);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrEmpty(options.Identity);
        _lock = leaseLock;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The outcome of one attempt.</summary>
    private enum Attempt
    {
        /// <summary>We hold the lease now.</summary>
        Leading,

        /// <summary>Someone else holds an unexpired lease.</summary>
        Following,

        /// <summary>Our write lost a compare-and-swap race (or failed); the next attempt reads again and decides.</summary>
        Conflict,
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
        LeaderLog.Started(_logger, _options.Identity, _lock.Description);
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
            if (await AttemptAsync(cancellationToken).ConfigureAwait(false) == Attempt.Leading)
            {
                return true;
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
            switch (await AttemptAsync(cancellationToken).ConfigureAwait(false))
            {
                case Attempt.Leading:
                    lastRenew = _timeProvider.GetUtcNow();
                    break;
                case Attempt.Following:
                    LeaderLog.Lost(_logger, _options.Identity, _observed?.Holder);
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

    /// <summary>One attempt; a failing store (network, server, database) counts as a lost race.</summary>
    private async Task<Attempt> AttemptAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LeaderLog.AttemptFailed(_logger, ex, _options.Identity);
            return Attempt.Conflict;
        }
        catch (OperationCanceledException)
        {
            // Stopping mid-attempt: the caller's loop sees the token and returns, as RunAsync promises, rather than throwing.
            return Attempt.Conflict;
        }
    }

    /// <summary>Creates the lease, takes it over when expired, or renews our own.</summary>
    private async Task<Attempt> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var ownDuration = (int)_options.LeaseDuration.TotalSeconds;
        var current = await _lock.GetAsync(cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            var created = await _lock.TryCreateAsync(new LeaseRecord(_options.Identity, ownDuration, now, now, 0), cancellationToken).ConfigureAwait(false);
            if (created is null)
            {
                return Attempt.Conflict;
            }
            Observe(created, now);
            return Attempt.Leading;
        }

        if (_observed?.Version != current.Version)
        {
            Observe(current, now);
        }
        var heldByOther = !string.IsNullOrEmpty(current.Holder) && current.Holder != _options.Identity;
        var duration = TimeSpan.FromSeconds(current.DurationSeconds > 0 ? current.DurationSeconds : ownDuration);
        if (heldByOther && _observedAt + duration > now)
        {
            return Attempt.Following;
        }

        var taking = current.Holder != _options.Identity;
        var next = current with
        {
            Holder = _options.Identity,
            DurationSeconds = ownDuration,
            RenewTime = now,
            AcquireTime = taking ? now : current.AcquireTime,
            Transitions = taking ? current.Transitions + 1 : current.Transitions,
        };
        var written = await _lock.TryUpdateAsync(current, next, cancellationToken).ConfigureAwait(false);
        if (written is null)
        {
            return Attempt.Conflict;
        }
        Observe(written, now);
        return Attempt.Leading;
    }

    private async Task ReleaseAsync()
    {
        if (_observed is not { } lease || lease.Holder != _options.Identity)
        {
            return;
        }
        // The caller's token is already cancelled; give the release its own short budget.
        using var timeout = new CancellationTokenSource(_options.RenewDeadline, _timeProvider);
        try
        {
            await _lock.TryUpdateAsync(lease, lease with { Holder = null, DurationSeconds = 1, RenewTime = _timeProvider.GetUtcNow() }, timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LeaderLog.AttemptFailed(_logger, ex, _options.Identity);
        }
    }

    private void Observe(LeaseRecord lease, DateTimeOffset now)
    {
        _observed = lease;
        _observedAt = now;
    }

    private async Task<bool> DelayAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(_options.RenewInterval, _timeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return !cancellationToken.IsCancellationRequested;
    }
}

internal static partial class LeaderLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "{Identity} became leader of lease {Lease}")]
    public static partial void Started(ILogger logger, string identity, string lease);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "{Identity} lost leadership (holder now {Holder})")]
    public static partial void Lost(ILogger logger, string identity, string? holder);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "{Identity} stopped leading")]
    public static partial void Stopped(ILogger logger, string identity);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "{Identity} could not acquire or renew the lease")]
    public static partial void AttemptFailed(ILogger logger, Exception exception, string identity);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Error, Message = "Leader work of {Identity} failed")]
    public static partial void WorkFailed(ILogger logger, Exception exception, string identity);
}
