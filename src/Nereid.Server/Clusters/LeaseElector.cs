using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Clusters;

/// <summary>
/// Leader election on a coordination.k8s.io Lease, so only one replica reconciles a cluster at a time. The leader
/// renews every third of the lease duration; if it cannot renew within two thirds it stops leading (cancels the work)
/// before another replica may take over. A small stand-in until the shared elector in Nereid.Kubernetes/Leader lands.
/// </summary>
public sealed partial class LeaseElector(IKubeClient client, string leaseNamespace, string leaseName, string identity,
    TimeSpan duration, TimeProvider time, ILogger<LeaseElector> logger)
{
    /// <summary>Campaigns until cancelled; runs <paramref name="lead"/> while holding the lease (cancelled on loss).</summary>
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var retry = duration / 3;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await TryAcquireOrRenewAsync(cancellationToken))
            {
                await Task.Delay(retry, time, cancellationToken);
                continue;
            }
            LogAcquired(logger, leaseName, identity);
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var work = lead(leading.Token);
            var lastRenew = time.GetUtcNow();
            while (!leading.IsCancellationRequested && !work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(retry, time, cancellationToken)).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested || work.IsCompleted)
                {
                    break;
                }
                if (await TryAcquireOrRenewAsync(cancellationToken))
                {
                    lastRenew = time.GetUtcNow();
                }
                else if (time.GetUtcNow() - lastRenew > duration * 2 / 3)
                {
                    LogLost(logger, leaseName, identity);
                    break;
                }
            }
            await leading.CancelAsync();
            await AwaitQuietlyAsync(work);
            if (cancellationToken.IsCancellationRequested)
            {
                await ReleaseAsync();
            }
        }
    }

    private static async Task AwaitQuietlyAsync(Task work)
    {
        try
        {
            await work;
        }
        catch (OperationCanceledException)
        {
            // The work was cancelled because leadership ended; that is the expected way out.
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            var lease = await client.GetAsync<Lease>(leaseNamespace, leaseName, cancellationToken);
            if (lease is null)
            {
                await WriteAsync(new Lease
                {
                    Metadata = new ObjectMeta(),
                    Spec = new LeaseSpec { HolderIdentity = identity, LeaseDurationSeconds = Seconds, AcquireTime = now, RenewTime = now, LeaseTransitions = 0 },
                }, cancellationToken);
                return true;
            }
            var spec = lease.Spec ??= new LeaseSpec();
            var mine = spec.HolderIdentity == identity;
            var expired = string.IsNullOrEmpty(spec.HolderIdentity) || spec.RenewTime is null
                || spec.RenewTime.Value + TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? Seconds) < now;
            if (!mine && !expired)
            {
                return false;
            }
            if (!mine)
            {
                spec.HolderIdentity = identity;
                spec.AcquireTime = now;
                spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
            }
            spec.LeaseDurationSeconds = Seconds;
            spec.RenewTime = now;
            await WriteAsync(lease, cancellationToken);
            return true;
        }
        catch (KubeApiException ex)
        {
            // Conflicts mean another replica won this round; other errors are retried on the next tick.
            LogFailed(logger, leaseName, (int)ex.StatusCode);
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnreachable(logger, ex, leaseName);
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            // Clearing the holder lets a restarted or other replica take over at once instead of waiting out the lease.
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var lease = await client.GetAsync<Lease>(leaseNamespace, leaseName, cts.Token);
            if (lease?.Spec is { } spec && spec.HolderIdentity == identity)
            {
                spec.HolderIdentity = null;
                spec.RenewTime = null;
                spec.AcquireTime = null;
                await WriteAsync(lease, cts.Token);
            }
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException or OperationCanceledException)
        {
            LogReleaseFailed(logger, ex, leaseName);
        }
    }

    /// <summary>
    /// Writes the lease by server-side apply carrying the read resourceVersion, which the server treats as a precondition
    /// (409 when another replica wrote in between). Apply rather than PUT because the test double's PUT path fails on leases.
    /// </summary>
    private Task<Lease> WriteAsync(Lease lease, CancellationToken cancellationToken) =>
        client.ApplyAsync(ResourceType.Of<Lease>(), new Lease
        {
            Metadata = new ObjectMeta { Name = leaseName, Namespace = leaseNamespace, ResourceVersion = lease.Metadata.ResourceVersion },
            Spec = lease.Spec,
        }, new ApplyOptions("nereid-leader-election"), cancellationToken);

    private int Seconds => Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds));

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Became leader of lease {Lease} as {Identity}")]
    private static partial void LogAcquired(ILogger logger, string lease, string identity);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Lost lease {Lease} as {Identity}: renewal failed too long")]
    private static partial void LogLost(ILogger logger, string lease, string identity);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Lease {Lease} not acquired or renewed (HTTP {Status})")]
    private static partial void LogFailed(ILogger logger, string lease, int status);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Lease {Lease}: API server unreachable")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, string lease);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug, Message = "Could not release lease {Lease}")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string lease);
}
