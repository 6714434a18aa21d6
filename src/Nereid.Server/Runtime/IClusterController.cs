namespace Nereid.Server.Runtime;

/// <summary>
/// A feature that works on every connected cluster through that cluster's <see cref="ClusterRuntime"/>: it reads the
/// runtime's shared informers (never builds its own) and, when <see cref="NeedsLeadership"/>, runs only on the replica
/// that holds the cluster's lease. Registered once in DI; the runtime calls <see cref="RunAsync"/> per cluster.
/// </summary>
internal interface IClusterController
{
    /// <summary>Name used in logs and metrics (<c>namespaces</c>, <c>inventory</c>).</summary>
    string Name { get; }

    /// <summary>True when only the leading replica may run it (it writes to the cluster or the database).</summary>
    bool NeedsLeadership { get; }

    /// <summary>Works on <paramref name="runtime"/>'s cluster until <paramref name="cancellationToken"/> fires (leadership lost, cluster removed, shutdown).</summary>
    Task RunAsync(ClusterRuntime runtime, CancellationToken cancellationToken);
}
