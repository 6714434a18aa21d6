using Nereid.Kubernetes.Leader;
using Nereid.Server.Clusters;

namespace Nereid.Server.Runtime;

/// <summary>What every cluster runtime of this replica shares: its identity, the lease it campaigns for, how long a discovery answer holds.</summary>
internal sealed record RuntimeSettings(string Identity, string LeaseNamespace, TimeSpan LeaseDuration, TimeSpan RetryPause, TimeSpan DiscoveryInterval)
{
    /// <summary>
    /// Name of the Lease (in <see cref="LeaseNamespace"/>) each cluster's replicas contend for. It kept the name it had when
    /// only the namespace reconciler was elected, so a rolling upgrade never has two leaders.
    /// </summary>
    public const string LeaseName = "nereid-reconciler";

    /// <summary>From <c>Nereid:Reconciler</c>; a missing identity becomes the machine name plus a random suffix.</summary>
    public static RuntimeSettings From(ReconcilerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RuntimeSettings(options.Identity ?? $"{Environment.MachineName}-{Guid.NewGuid():N}", options.LeaseNamespace, options.LeaseDuration,
            options.LeaderRetryPause, options.DiscoveryInterval);
    }

    /// <summary>
    /// The elector's timings, scaled from the one configured lease duration with client-go's ratios (15 s lease, 10 s
    /// renew deadline, 2 s retry), so a leader steps down before anyone else may take over.
    /// </summary>
    public LeaseLeaderElectorOptions ElectorOptions() => new()
    {
        Namespace = LeaseNamespace,
        Name = LeaseName,
        Identity = Identity,
        LeaseDuration = LeaseDuration,
        RenewDeadline = LeaseDuration * 2 / 3,
        RenewInterval = LeaseDuration * 2 / 15,
        ReleaseOnCancel = true,
    };
}
