namespace Nereid.Domain.Namespaces;

/// <summary>Which clusters a namespace lives on: its live placement rows, else the platform's default set.</summary>
public static class PlacementRules
{
    /// <summary>
    /// The clusters placed. <paramref name="explicitClusters"/> are the live rows; when there are none the namespace
    /// follows <paramref name="defaultClusters"/>, and an empty default set means every connected cluster.
    /// </summary>
    public static IReadOnlySet<string> Placed(IEnumerable<string> explicitClusters, IReadOnlyCollection<string> defaultClusters,
        IEnumerable<string> connectedClusters)
    {
        ArgumentNullException.ThrowIfNull(explicitClusters);
        ArgumentNullException.ThrowIfNull(defaultClusters);
        ArgumentNullException.ThrowIfNull(connectedClusters);
        var chosen = explicitClusters.ToHashSet(StringComparer.Ordinal);
        if (chosen.Count > 0)
        {
            return chosen;
        }
        return defaultClusters.Count > 0 ? defaultClusters.ToHashSet(StringComparer.Ordinal) : connectedClusters.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>True when the namespace is placed on <paramref name="cluster"/> (same rule as <see cref="Placed"/>, for one cluster).</summary>
    public static bool IsPlaced(string cluster, IReadOnlyCollection<string> explicitClusters, IReadOnlyCollection<string> defaultClusters)
    {
        ArgumentNullException.ThrowIfNull(explicitClusters);
        ArgumentNullException.ThrowIfNull(defaultClusters);
        if (explicitClusters.Count > 0)
        {
            return explicitClusters.Contains(cluster, StringComparer.Ordinal);
        }
        return defaultClusters.Count == 0 || defaultClusters.Contains(cluster, StringComparer.Ordinal);
    }
}
