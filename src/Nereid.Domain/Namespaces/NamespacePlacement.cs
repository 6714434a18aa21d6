namespace Nereid.Domain.Namespaces;

/// <summary>
/// One cluster a namespace is explicitly placed on. A namespace without live rows lives on the platform's default
/// set. When a cluster is taken out of the placement its row stays with <see cref="RemovedAt"/> set, so the
/// reconciler knows when the removal grace period started; placing it again clears that.
/// </summary>
public sealed class NamespacePlacement
{
    /// <summary>Longest cluster name (a DNS label).</summary>
    public const int MaxClusterLength = 63;

    /// <summary>The namespace placed.</summary>
    public Guid NamespaceId { get; init; }

    /// <summary>The cluster's configured name.</summary>
    public string Cluster { get; init; } = "";

    /// <summary>When it was (last) placed there (UTC).</summary>
    public DateTime PlacedAt { get; private set; }

    /// <summary>When it was taken out of the placement (UTC); null while placed.</summary>
    public DateTime? RemovedAt { get; private set; }

    /// <summary>Who last changed this row.</summary>
    public Guid SetById { get; private set; }

    /// <summary>True while the namespace is placed on <see cref="Cluster"/>.</summary>
    public bool IsPlaced => RemovedAt is null;

    /// <summary>A live placement.</summary>
    public static NamespacePlacement Place(Guid namespaceId, string cluster, Guid by, DateTime now) =>
        new() { NamespaceId = namespaceId, Cluster = cluster, PlacedAt = now, SetById = by };

    /// <summary>A row recording that the namespace left <paramref name="cluster"/> at <paramref name="now"/>.</summary>
    public static NamespacePlacement Removed(Guid namespaceId, string cluster, Guid by, DateTime now) =>
        new() { NamespaceId = namespaceId, Cluster = cluster, PlacedAt = now, RemovedAt = now, SetById = by };

    /// <summary>Takes the namespace out of this cluster; the grace period starts now (an earlier start is kept).</summary>
    public void Remove(Guid by, DateTime now)
    {
        if (RemovedAt is null)
        {
            RemovedAt = now;
            SetById = by;
        }
    }

    /// <summary>Places the namespace here again (cancels a pending removal).</summary>
    public void Restore(Guid by, DateTime now)
    {
        if (RemovedAt is not null)
        {
            RemovedAt = null;
            PlacedAt = now;
            SetById = by;
        }
    }
}
