namespace Nereid.Domain.Clusters;

/// <summary>
/// How far one Nereid namespace has been projected into one cluster, written by the reconciler after every pass.
/// Keyed by names (not ids) so the row outlives the namespace long enough to show that its deletion converged.
/// </summary>
public sealed class NamespaceClusterStatus
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Cluster name from configuration.</summary>
    public string Cluster { get; set; } = "";

    /// <summary>Namespace name (DNS-1123 label).</summary>
    public string Namespace { get; set; } = "";

    /// <summary>Summary of <see cref="Conditions"/>: Degraded when Degraded is True, else Ready when Ready is True, else Progressing.</summary>
    public ClusterCondition Condition { get; set; } = ClusterCondition.Progressing;

    /// <summary>Short CamelCase reason (e.g. <c>Applied</c>, <c>InvalidInput</c>, <c>ApiError</c>).</summary>
    public string Reason { get; set; } = "";

    /// <summary>Human-readable detail.</summary>
    public string Message { get; set; } = "";

    /// <summary>When a pass last completed against the cluster (UTC).</summary>
    public DateTime? LastSyncedAt { get; set; }

    /// <summary>The namespace <c>Version</c> the last successful pass projected.</summary>
    public int ObservedVersion { get; set; }

    /// <summary>Ready, Progressing and Degraded as the last pass computed them (empty for rows written before conditions).</summary>
    public List<NamespaceCondition> Conditions { get; set; } = [];

    /// <summary>When this row last changed (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The condition of a namespace in a cluster.</summary>
public enum ClusterCondition
{
    /// <summary>Every desired object is applied and nothing extra is left.</summary>
    Ready = 0,

    /// <summary>Work is under way (first pass pending, deletion waiting for its grace period, a transient error).</summary>
    Progressing = 1,

    /// <summary>The input cannot be projected; a person must fix the data.</summary>
    Degraded = 2,
}
