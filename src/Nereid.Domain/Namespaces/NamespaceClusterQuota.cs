namespace Nereid.Domain.Namespaces;

/// <summary>
/// One ResourceQuota value a platform admin set for one namespace in one cluster only; it wins over the namespace's
/// own overrides and the defaults in that cluster (a GPU cluster may grant GPUs another cluster does not have).
/// </summary>
public sealed class NamespaceClusterQuota
{
    /// <summary>Most per-cluster overrides one namespace may carry in one cluster.</summary>
    public const int MaxPerCluster = NamespaceQuotaOverride.MaxPerNamespace;

    /// <summary>The namespace this value belongs to.</summary>
    public Guid NamespaceId { get; init; }

    /// <summary>The cluster it applies in.</summary>
    public string Cluster { get; init; } = "";

    /// <summary>The ResourceQuota <c>hard</c> key.</summary>
    public string Resource { get; init; } = "";

    /// <summary>The Kubernetes quantity in canonical form.</summary>
    public string Quantity { get; set; } = "";

    /// <summary>When it was last set (UTC).</summary>
    public DateTime SetAt { get; set; }

    /// <summary>The platform admin who set it.</summary>
    public Guid SetById { get; set; }
}
