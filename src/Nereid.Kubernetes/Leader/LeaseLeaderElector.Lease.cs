using Microsoft.Extensions.Logging;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Leader;

public sealed partial class LeaseLeaderElector
{
    /// <summary>The outcome of one attempt.</summary>
    private enum Attempt
    {
        /// <summary>We hold the lease now.</summary>
        Leading,

        /// <summary>Someone else holds an unexpired lease.</summary>
        Following,

        /// <summary>Our write lost a compare-and-swap race; the next attempt reads again and decides.</summary>
        Conflict,
    }

    /// <summary>One attempt: create the lease, take it over when expired, or renew our own.</summary>
    private async Task<Attempt> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var current = await _client.GetAsync<Lease>(_options.Namespace, _options.Name, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            var fresh = NewLease(now);
            try
            {
                Observe(await _client.CreateAsync(fresh, cancellationToken).ConfigureAwait(false), now);
                return Attempt.Leading;
            }
            catch (KubeApiException ex) when (ex.IsAlreadyExists || ex.IsConflict)
            {
                return Attempt.Conflict;
            }
        }

        if (_observed?.Metadata.ResourceVersion != current.Metadata.ResourceVersion)
        {
            Observe(current, now);
        }
        var spec = current.Spec ??= new LeaseSpec();
        var holder = spec.HolderIdentity;
        var heldByOther = !string.IsNullOrEmpty(holder) && holder != _options.Identity;
        var duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? (int)_options.LeaseDuration.TotalSeconds);
        if (heldByOther && _observedAt + duration > now)
        {
            return Attempt.Following;
        }

        if (holder != _options.Identity)
        {
            spec.AcquireTime = now;
            spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
        }
        spec.HolderIdentity = _options.Identity;
        spec.RenewTime = now;
        spec.LeaseDurationSeconds = (int)_options.LeaseDuration.TotalSeconds;
        try
        {
            // The read resourceVersion makes this a compare-and-swap: a concurrent writer gets 409.
            Observe(await _client.UpdateAsync(current, cancellationToken).ConfigureAwait(false), now);
            return Attempt.Leading;
        }
        catch (KubeApiException ex) when (ex.IsConflict)
        {
            return Attempt.Conflict;
        }
    }

    private async Task ReleaseAsync()
    {
        if (_observed is not { Spec: { } spec } lease || spec.HolderIdentity != _options.Identity)
        {
            return;
        }
        spec.HolderIdentity = null;
        spec.LeaseDurationSeconds = 1;
        spec.RenewTime = _timeProvider.GetUtcNow();
        // The caller's token is already cancelled; give the release its own short budget.
        using var timeout = new CancellationTokenSource(_options.RenewDeadline, _timeProvider);
        try
        {
            await _client.UpdateAsync(lease, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException or TimeoutException or OperationCanceledException)
        {
            LeaderLog.AttemptFailed(_logger, ex, _options.Identity);
        }
    }

    private Lease NewLease(DateTimeOffset now) => new()
    {
        Metadata = new ObjectMeta { Name = _options.Name, Namespace = _options.Namespace },
        Spec = new LeaseSpec
        {
            HolderIdentity = _options.Identity,
            LeaseDurationSeconds = (int)_options.LeaseDuration.TotalSeconds,
            AcquireTime = now,
            RenewTime = now,
            LeaseTransitions = 0,
        },
    };

    private void Observe(Lease lease, DateTimeOffset now)
    {
        _observed = lease;
        _observedAt = now;
    }
}

internal static partial class LeaderLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "{Identity} became leader of lease {Namespace}/{Name}")]
    public static partial void Started(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "{Identity} lost leadership (holder now {Holder})")]
    public static partial void Lost(ILogger logger, string identity, string? holder);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "{Identity} stopped leading")]
    public static partial void Stopped(ILogger logger, string identity);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "{Identity} could not acquire or renew the lease")]
    public static partial void AttemptFailed(ILogger logger, Exception exception, string identity);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Error, Message = "Leader work of {Identity} failed")]
    public static partial void WorkFailed(ILogger logger, Exception exception, string identity);
}
