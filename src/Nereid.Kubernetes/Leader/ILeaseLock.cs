namespace Nereid.Kubernetes.Leader;

/// <summary>
/// What a lease says: who holds it, for how long, and an opaque <paramref name="Version"/> that changes on every write
/// (a resourceVersion, a row version). Electors judge expiry by how long the version has stayed the same on their own
/// clock, never by the timestamps, so clock skew between replicas does not matter.
/// </summary>
public sealed record LeaseRecord(
    string? Holder,
    int DurationSeconds,
    DateTimeOffset? AcquireTime,
    DateTimeOffset? RenewTime,
    int Transitions,
    string? Version = null);

/// <summary>
/// Where a lease lives: a Kubernetes Lease (<see cref="KubernetesLeaseLock"/>) or a database row. Writes are
/// compare-and-swap; a store failure throws and the elector retries.
/// </summary>
public interface ILeaseLock
{
    /// <summary>For logs: which lease this is (<c>namespace/name</c>, <c>database:name</c>).</summary>
    string Description { get; }

    /// <summary>The lease, or null when it does not exist yet.</summary>
    Task<LeaseRecord?> GetAsync(CancellationToken cancellationToken);

    /// <summary>Creates the lease; null when somebody created it first.</summary>
    Task<LeaseRecord?> TryCreateAsync(LeaseRecord record, CancellationToken cancellationToken);

    /// <summary>Replaces <paramref name="observed"/> with <paramref name="next"/>; null when the lease changed since it was read.</summary>
    Task<LeaseRecord?> TryUpdateAsync(LeaseRecord observed, LeaseRecord next, CancellationToken cancellationToken);
}
