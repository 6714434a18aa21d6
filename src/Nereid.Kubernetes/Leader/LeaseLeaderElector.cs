using Microsoft.Extensions.Logging;
using Nereid.Kubernetes.Client;

namespace Nereid.Kubernetes.Leader;

/// <summary>Leader election on a coordination.k8s.io/v1 Lease (see <see cref="LeaderElector"/> for the protocol).</summary>
public sealed class LeaseLeaderElector(IKubeClient client, LeaseLeaderElectorOptions options, TimeProvider timeProvider, ILogger<LeaseLeaderElector> logger)
    : LeaderElector(new KubernetesLeaseLock(client ?? throw new ArgumentNullException(nameof(client)), Validated(options).Namespace, options.Name),
        options, timeProvider, logger)
{
    private static LeaseLeaderElectorOptions Validated(LeaseLeaderElectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Namespace);
        return options;
    }
}
