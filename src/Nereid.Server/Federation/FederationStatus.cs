using System.Collections.Concurrent;

namespace Nereid.Server.Federation;

/// <summary>One federated namespace's condition on one cluster, computed by the last pass from what it observed.</summary>
/// <param name="Condition">Ready, Progressing or Degraded.</param>
/// <param name="Reason">A CamelCase reason, e.g. <c>TargetUnreachable</c>.</param>
/// <param name="Message">What a person reads: which cluster is behind and why.</param>
/// <param name="ObservedAt">When the pass that computed it ended.</param>
internal sealed record FederationCondition(string Condition, string Reason, string Message, DateTimeOffset ObservedAt);

/// <summary>
/// The federation controllers' latest condition per (namespace, cluster), on this replica: the leader of each cluster
/// writes it after every pass; the API and the namespace page read it. A replica that leads no cluster has none and
/// says so (Unknown).
/// </summary>
internal sealed class FederationStatus
{
    private readonly ConcurrentDictionary<(string Namespace, string Cluster), FederationCondition> _conditions = new();
    private readonly ConcurrentDictionary<string, FederationCondition> _notInstalled = new(StringComparer.Ordinal);

    /// <summary>Why nothing is federated on <paramref name="cluster"/> (Admiralty's kinds not served there), or null.</summary>
    public FederationCondition? NotInstalled(string cluster) => _notInstalled.GetValueOrDefault(cluster);

    /// <summary>Records (or, with null, clears) that <paramref name="cluster"/> does not serve Admiralty's kinds.</summary>
    internal void SetNotInstalled(string cluster, FederationCondition? condition)
    {
        if (condition is null)
        {
            _notInstalled.TryRemove(cluster, out _);
        }
        else
        {
            _notInstalled[cluster] = condition;
        }
    }

    /// <summary>The condition of <paramref name="ns"/> on <paramref name="cluster"/>, or null when no pass computed one here.</summary>
    public FederationCondition? Get(string ns, string cluster) => _conditions.GetValueOrDefault((ns, cluster));

    internal void Set(string ns, string cluster, FederationCondition condition) => _conditions[(ns, cluster)] = condition;

    /// <summary>Forgets every condition of <paramref name="cluster"/> whose namespace is not in <paramref name="keep"/>.</summary>
    internal void Retain(string cluster, IReadOnlySet<string> keep)
    {
        foreach (var key in _conditions.Keys.Where(k => k.Cluster == cluster && !keep.Contains(k.Namespace)))
        {
            _conditions.TryRemove(key, out _);
        }
    }
}
